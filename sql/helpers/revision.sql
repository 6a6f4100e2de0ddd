\set ECHO none
-- sql/helpers/revision.sql: helpers shared by the pg_regress suites, included at the top of each
-- suite that needs them with
--   \getenv abs_srcdir PG_ABS_SRCDIR
--   \set helpers :abs_srcdir '/sql/helpers/revision.sql'
--   \i :helpers
-- (pg_regress sets PG_ABS_SRCDIR to the folder that holds sql/).  Its text is not echoed, so it
-- stays out of the expected output.
--
-- rev(id, revises, msg, up, down, extra): the text of a revision file with the given header,
-- upgrade SQL and optional downgrade SQL (NULL: irreversible); extra is inserted after the
-- Create Date line (more header lines, e.g. '-- Branch Labels: x' || E'\n').
CREATE FUNCTION pg_temp.rev(id text, revises text, msg text, up text, down text DEFAULT NULL,
                            extra text DEFAULT '')
RETURNS text LANGUAGE sql AS $$
SELECT '-- ' || msg || E'\n--\n-- Revision ID: ' || id || E'\n-- Revises: ' || revises
       || E'\n-- Create Date: 2026-01-01 00:00:00+00:00\n' || extra
       || E'\n-- migrate:upgrade\n' || up || E'\n'
       || coalesce(E'\n-- migrate:downgrade\n' || down || E'\n', '')
$$;
\set ECHO all
