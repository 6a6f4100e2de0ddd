-- stored_state: 0.10.0's pg_migrate.stored_state(digest, direction, target), what pgmig asks
-- first for current and the no-op: one function in the catalog schema that reads
-- pg_migrate.folder_state alone, whose at_heads and at_base columns two triggers keep from the
-- version table.  It must answer as migrate_nothing_to_do(digest, direction, target) and
-- migrate_current_stored(digest) do (they read the version table itself) in every state: no
-- state, pending, behind, at the heads, two heads, another digest, a stamp, every kind of write
-- of the version table (by the functions and by hand, TRUNCATE included), a hand-edited
-- revision row, at base; its version is the extension's.  Open to PUBLIC (a role needs USAGE on
-- the catalog schema).
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- same(digest): stored_state for four (direction, target) pairs against the functions that read
-- the version table (no row of stored_state, when no state is stored, counts as "false, no
-- lines"), and what it returned.
CREATE FUNCTION pg_temp.same(digest text) RETURNS text LANGUAGE sql AS $$
SELECT CASE WHEN bool_and(CASE WHEN s.extversion IS NULL THEN false ELSE s.nothing_to_do END
                              IS NOT DISTINCT FROM migrate_nothing_to_do(digest, d, t)
                          AND s.current_lines IS NOT DISTINCT FROM migrate_current_stored(digest)
                          AND (s.extversion IS NULL
                               OR s.extversion = (SELECT extversion FROM pg_extension WHERE extname = 'pg_migrate')))
            THEN 'same: ' ELSE 'DIFFERENT: ' END
       || CASE WHEN bool_and(s.extversion IS NULL) THEN '(no row) ' ELSE '' END
       || string_agg(d || ' ' || t || '=' || coalesce(s.nothing_to_do::text, 'null'), ', ' ORDER BY d DESC, t)
       || ' lines=' || coalesce(min(s.current_lines::text), 'null')
FROM (VALUES ('upgrade', 'head'), ('upgrade', 'heads'), ('downgrade', 'base'), ('upgrade', '+1')) AS p(d, t)
LEFT JOIN LATERAL pg_migrate.stored_state(digest, d, t) s ON true
$$;

DELETE FROM pg_migrate.folder_state;
SELECT pg_temp.same(migrate_folder_digest()) AS no_state;

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('ss_a', '', 'create a', 'CREATE TABLE ss_a (id int);', 'DROP TABLE ss_a;'),
          pg_temp.rev('ss_b', 'ss_a', 'create b', 'CREATE TABLE ss_b (id int);', 'DROP TABLE ss_b;')]);
SELECT pg_temp.same(migrate_folder_digest()) AS pending, pg_temp.same(repeat('0', 64)) AS other_digest;
SELECT at_heads, at_base FROM pg_migrate.folder_state;
SELECT revision FROM migrate_upgrade('ss_a');
SELECT at_heads, at_base FROM pg_migrate.folder_state;
SELECT pg_temp.same(migrate_folder_digest()) AS behind;
SELECT revision FROM migrate_upgrade('head');
SELECT pg_temp.same(migrate_folder_digest()) AS at_heads, pg_temp.same(repeat('0', 64)) AS other_digest;
-- A NULL digest tells nothing (unlike 0.7.0's migrate_nothing_to_do, which pgmig never sends one).
SELECT nothing_to_do, current_lines FROM pg_migrate.stored_state(NULL, 'upgrade', 'heads');

-- Writes of the version table by hand, each kind: the column follows.
DELETE FROM pg_migrate.version;
SELECT at_heads, at_base, pg_temp.same(migrate_folder_digest()) AS deleted FROM pg_migrate.folder_state;
INSERT INTO pg_migrate.version VALUES ('ss_b');
SELECT at_heads, at_base, pg_temp.same(migrate_folder_digest()) AS inserted FROM pg_migrate.folder_state;
UPDATE pg_migrate.version SET revision = 'ss_a';
SELECT at_heads, at_base, pg_temp.same(migrate_folder_digest()) AS updated FROM pg_migrate.folder_state;
TRUNCATE pg_migrate.version;
SELECT at_heads, at_base, pg_temp.same(migrate_folder_digest()) AS truncated FROM pg_migrate.folder_state;
INSERT INTO pg_migrate.version VALUES ('ss_b');
SELECT pg_temp.same(migrate_folder_digest()) AS back_at_heads;

-- A stamp, then back; a rolled-back write leaves the column as it was.
SELECT to_revisions FROM migrate_stamp(ARRAY['ss_a']);
SELECT pg_temp.same(migrate_folder_digest()) AS stamped;
SELECT to_revisions FROM migrate_stamp(ARRAY['ss_b']);
BEGIN;
DELETE FROM pg_migrate.version;
ROLLBACK;
SELECT at_heads, at_base, pg_temp.same(migrate_folder_digest()) AS after_rollback FROM pg_migrate.folder_state;

-- Two heads: upgrade head cannot be told from the state.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
    ARRAY[pg_temp.rev('ss_a', '', 'create a', 'CREATE TABLE ss_a (id int);', 'DROP TABLE ss_a;'),
          pg_temp.rev('ss_b', 'ss_a', 'create b', 'CREATE TABLE ss_b (id int);', 'DROP TABLE ss_b;'),
          pg_temp.rev('ss_c', 'ss_a', 'create c', 'CREATE TABLE ss_c (id int);', 'DROP TABLE ss_c;')]);
SELECT heads, at_heads, at_base FROM pg_migrate.folder_state;
SELECT pg_temp.same(migrate_folder_digest()) AS two_heads_one_applied;
SELECT revision FROM migrate_upgrade('heads');
SELECT pg_temp.same(migrate_folder_digest()) AS two_heads_applied;

-- A revision row edited by hand: the state is forgotten, nothing is told.
UPDATE pg_migrate.revision SET message = message || ' (edited)' WHERE id = 'ss_c';
SELECT pg_temp.same(migrate_folder_digest()) AS edited;

-- At base, with the state stored again.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('ss_a', '', 'create a', 'CREATE TABLE ss_a (id int);', 'DROP TABLE ss_a;'),
          pg_temp.rev('ss_b', 'ss_a', 'create b', 'CREATE TABLE ss_b (id int);', 'DROP TABLE ss_b;')]);
SELECT revision FROM migrate_downgrade('base');
SELECT pg_temp.same(migrate_folder_digest()) AS at_base;

-- Open to PUBLIC like migrate_version (0.10.0): a role needs USAGE on the catalog schema (the
-- deploy and read-only roles of docs/guide.md have it); without the folder's digest it tells the
-- version alone.
CREATE ROLE regress_ss_reader;
SET ROLE regress_ss_reader;
SELECT * FROM pg_migrate.stored_state(repeat('0', 64), 'upgrade', 'head');
RESET ROLE;
GRANT USAGE ON SCHEMA pg_migrate TO regress_ss_reader;
SET ROLE regress_ss_reader;
SELECT extversion IS NOT NULL AS version_told, nothing_to_do, current_lines
FROM pg_migrate.stored_state(repeat('0', 64), 'upgrade', 'head');
RESET ROLE;
REVOKE ALL ON SCHEMA pg_migrate FROM regress_ss_reader;
DROP ROLE regress_ss_reader;

-- Clean up for the suites after this one.
DELETE FROM pg_migrate.revision WHERE id IN ('ss_a', 'ss_b', 'ss_c');

-- A database at 0.9.0 with a stored folder state, at its heads, updated to the latest version
-- (0.10.0's script sets at_heads and at_base from the version table; 0.10.1's replaces
-- stored_state with its new version): stored_state answers at once, with the version installed.
SELECT current_database() AS regress_db \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regress_pgm_ss_update;
RESET client_min_messages;
CREATE DATABASE regress_pgm_ss_update;
\c regress_pgm_ss_update
CREATE EXTENSION pg_migrate VERSION '0.9.0';
\i :helpers
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('su_a', '', 'create a', 'CREATE TABLE su_a (id int);', 'DROP TABLE su_a;'),
          pg_temp.rev('su_b', 'su_a', 'create b', 'CREATE TABLE su_b (id int);', 'DROP TABLE su_b;')]);
SET client_min_messages = warning;
SELECT count(*) FROM migrate_upgrade('head');
RESET client_min_messages;
ALTER EXTENSION pg_migrate UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'pg_migrate';
SELECT at_heads, at_base FROM pg_migrate.folder_state;
SELECT extversion = (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'pg_migrate') AS version_is_the_extensions,
       nothing_to_do, current_lines
FROM pg_migrate.stored_state(migrate_folder_digest(), 'upgrade', 'head');
SET client_min_messages = warning;
SELECT count(*) FROM migrate_downgrade('su_a');
RESET client_min_messages;
SELECT at_heads, at_base, (SELECT nothing_to_do FROM pg_migrate.stored_state(migrate_folder_digest(), 'upgrade', 'head'))
FROM pg_migrate.folder_state;
\c :regress_db
DROP DATABASE regress_pgm_ss_update;
