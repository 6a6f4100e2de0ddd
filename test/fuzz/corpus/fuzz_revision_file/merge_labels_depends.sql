-- merge the billing branch
--
-- A longer description after a blank comment line:
-- it is not part of the message.
--
-- Revision ID: 5f1e2d3c4b6a
-- Revises: 1975ea83b712, 8b04f6e2d7a9
-- Create Date: 2026-12-01 09:00:00.000000+00:00
-- Branch Labels: billing, reports
-- Depends On: c527ba0bc760, auth

-- migrate:upgrade
CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '-- migrate:downgrade' $$;
-- migrate:downgrade
DROP FUNCTION f();
