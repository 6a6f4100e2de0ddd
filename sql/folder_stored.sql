-- folder_stored: 0.8.0's migrate_folder_stored(digest), with which a run whose script folder is
-- the stored one skips migrate_upload_needed and the upload.  True only when the stored folder
-- state holds that digest and the caller uploaded every stored revision; then
-- migrate_upload_needed returns no row.  False with no state, another digest, a revision row
-- written by hand (the state is forgotten) or a revision another role uploaded.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- No state stored: false, whatever the digest.
DELETE FROM pg_migrate.folder_state;
SELECT migrate_folder_stored(migrate_folder_digest()) AS no_state;
SELECT migrate_folder_stored(NULL) IS NULL AS strict;

SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql'],
    ARRAY[pg_temp.rev('fst_a', '', 'create a', 'CREATE TABLE fst_a (id int);', 'DROP TABLE fst_a;'),
          pg_temp.rev('fst_b', 'fst_a', 'create b', 'CREATE TABLE fst_b (id int);', 'DROP TABLE fst_b;')]);
-- The stored folder's digest: true, and migrate_upload_needed agrees (no row).
SELECT migrate_folder_stored(migrate_folder_digest()) AS same_digest,
       migrate_folder_stored('0000') AS other_digest;
SELECT count(*) AS upload_needed
FROM migrate_upload_needed(ARRAY(SELECT file_name FROM pg_migrate.revision ORDER BY file_name),
                           ARRAY(SELECT checksum FROM pg_migrate.revision ORDER BY file_name));

-- Another role, allowed to call it, did not upload these revisions: false.
CREATE ROLE fst_other;
GRANT USAGE ON SCHEMA pg_migrate TO fst_other;
GRANT EXECUTE ON FUNCTION migrate_folder_stored(text), migrate_folder_digest() TO fst_other;
SET ROLE fst_other;
SELECT migrate_folder_stored(migrate_folder_digest()) AS other_role;
RESET ROLE;

-- A row written by hand: the trigger forgets the state, so false until the next upload.
UPDATE pg_migrate.revision SET message = 'edited' WHERE id = 'fst_b';
SELECT migrate_folder_stored(migrate_folder_digest()) AS hand_edit;

-- Not inside a migration step (as migrate_upload_needed).
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql'],
    ARRAY[pg_temp.rev('fst_a', '', 'create a', 'SELECT migrate_folder_stored(''x'');', 'SELECT 1;')]);
SELECT count(*) FROM migrate_upgrade('head');

-- Cleanup.
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
REVOKE ALL ON SCHEMA pg_migrate FROM fst_other;
REVOKE ALL ON FUNCTION migrate_folder_stored(text), migrate_folder_digest() FROM fst_other;
DROP ROLE fst_other;
