-- add avatar field to users
--
-- Revision ID: 1975ea83b712
-- Revises: c527ba0bc760
-- Create Date: 2026-11-23 10:02:03.120000+00:00
-- Branch Labels:
-- Depends On:

-- migrate:upgrade
ALTER TABLE users ADD COLUMN avatar varchar(255);

-- migrate:downgrade
ALTER TABLE users DROP COLUMN avatar;
