-- header only
--
-- Revision ID: abc
-- Revises: abc
-- Unknown Key: x

-- migrate:upgrade
-- migrate:upgrade
