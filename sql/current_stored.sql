-- current_stored: 0.9.0's migrate_current_stored(digest), with which pgmig current answers a
-- folder the database stored, at its heads, in one call.  It must equal the 0.7.0 pair it
-- replaces on the client, migrate_nothing_to_do(digest, 'upgrade', 'heads') IS TRUE AND
-- migrate_current_lines() IS NOT NULL, then migrate_current_lines(), in every state: no state,
-- pending revisions, at the heads, another digest, a stamp elsewhere, a hand-edited row, at base
-- (not at the folder's heads: nothing is told).  A NULL digest tells nothing (0.7.0's
-- migrate_nothing_to_do answers true for it at the heads; pgmig never sends one).  The lines are
-- migrate_current()'s.  Not granted to PUBLIC.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- same(digest): migrate_current_stored against the 0.7.0 pair, and what it returned.
CREATE FUNCTION pg_temp.same(digest text) RETURNS text LANGUAGE sql AS $$
SELECT CASE WHEN migrate_current_stored(digest) IS NOT DISTINCT FROM
                 CASE WHEN migrate_nothing_to_do(digest, 'upgrade', 'heads') IS TRUE
                      THEN migrate_current_lines() END
            THEN 'same: ' || coalesce(migrate_current_stored(digest)::text, 'null')
            ELSE 'DIFFERENT: ' || coalesce(migrate_current_stored(digest)::text, 'null') END
$$;

DELETE FROM pg_migrate.folder_state;
SELECT pg_temp.same(migrate_folder_digest()) AS no_state;

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('cs_a', '', 'create a, "quoted" \ and', 'CREATE TABLE cs_a (id int);', 'DROP TABLE cs_a;'),
          pg_temp.rev('cs_b', 'cs_a', E'create b {x,y}', 'CREATE TABLE cs_b (id int);', 'DROP TABLE cs_b;')]);
SELECT pg_temp.same(migrate_folder_digest()) AS pending, pg_temp.same(repeat('0', 64)) AS other_digest;
SELECT revision FROM migrate_upgrade('cs_a');
SELECT pg_temp.same(migrate_folder_digest()) AS behind;
SELECT revision FROM migrate_upgrade('head');
SELECT pg_temp.same(migrate_folder_digest()) AS at_heads, pg_temp.same(repeat('0', 64)) AS other_digest,
       migrate_current_stored(NULL) IS NULL AS no_digest_tells_nothing;
SELECT migrate_current_stored(migrate_folder_digest()) = ARRAY(SELECT line FROM migrate_current()) AS lines_of_current;

-- A stamp by another client, then back: told again only at the stored heads.
SELECT to_revisions FROM migrate_stamp(ARRAY['cs_a']);
SELECT pg_temp.same(migrate_folder_digest()) AS stamped_back;
SELECT to_revisions FROM migrate_stamp(ARRAY['cs_b']);
SELECT pg_temp.same(migrate_folder_digest()) AS at_heads_again;

-- A row edited by hand: the state is forgotten, nothing is told.
UPDATE pg_migrate.revision SET message = message || ' (edited)' WHERE id = 'cs_b';
SELECT pg_temp.same(migrate_folder_digest()) AS edited;

-- At base, with the state stored again: not at the folder's heads, nothing is told.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('cs_a', '', 'create a, "quoted" \ and', 'CREATE TABLE cs_a (id int);', 'DROP TABLE cs_a;'),
          pg_temp.rev('cs_b', 'cs_a', E'create b {x,y}', 'CREATE TABLE cs_b (id int);', 'DROP TABLE cs_b;')]);
SELECT revision FROM migrate_downgrade('base');
SELECT pg_temp.same(migrate_folder_digest()) AS at_base;

-- Not granted to PUBLIC.
CREATE ROLE regress_cs_reader;
SET ROLE regress_cs_reader;
SELECT migrate_current_stored(repeat('0', 64));
RESET ROLE;
DROP ROLE regress_cs_reader;

-- Clean up for the suites after this one.
DELETE FROM pg_migrate.revision WHERE id IN ('cs_a', 'cs_b');
