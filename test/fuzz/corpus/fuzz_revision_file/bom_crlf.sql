-- first revision, CRLF and a BOM
--
-- Revision ID: 0a1b2c3d4e5f
-- Revises:
-- Create Date: 2026-11-23 10:02:03+00:00

-- migrate:upgrade
CREATE TABLE t (id int);

-- migrate:downgrade
DROP TABLE t;
