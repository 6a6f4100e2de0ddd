-- build an index concurrently
--
-- Revision ID: ab_12_CD
-- Revises: 5f1e2d3c4b6a
-- Create Date:
-- Branch Labels:
-- Depends On:
-- Transactional: false

-- migrate:upgrade
CREATE INDEX CONCURRENTLY users_email ON users (email);
/* a block comment
   -- migrate:downgrade inside it */
