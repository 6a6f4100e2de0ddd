-- folder_digest: migrate_folder_digest() is the SHA-256 over "<name length in bytes>:<name> <checksum>\n"
-- of every uploaded file, sorted by file name (core/folder_digest.hpp): pgmig computes the same
-- over its folder and skips the upload when they are equal.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- expected(): the digest computed in SQL from the rows, independently of the C++ code.
CREATE FUNCTION pg_temp.expected() RETURNS text LANGUAGE sql AS $$
SELECT encode(sha256(convert_to(coalesce(string_agg(
           octet_length(file_name) || ':' || file_name || ' ' || checksum || E'\n', '' ORDER BY file_name COLLATE "C"), ''),
       'UTF8')), 'hex')
FROM pg_migrate.revision
$$;

-- An empty catalog: the SHA-256 of the empty string.
SELECT migrate_folder_digest() = encode(sha256(''), 'hex') AS empty_ok;

-- Two files, uploaded out of order; a name with a space and a non-ASCII letter sorts bytewise.
SELECT count(*) FROM migrate_upload(
    ARRAY['002_b é.sql', '001_a.sql'],
    ARRAY[pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE fd_b (id int);', 'DROP TABLE fd_b;'),
          pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE fd_a (id int);', 'DROP TABLE fd_a;')]);
SELECT migrate_folder_digest() = pg_temp.expected() AS digest_ok, length(migrate_folder_digest()) AS length;
SELECT migrate_folder_digest() AS before \gset

-- The same files again: the same digest.
SELECT count(*) FROM migrate_upload(
    ARRAY['001_a.sql', '002_b é.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE fd_a (id int);', 'DROP TABLE fd_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE fd_b (id int);', 'DROP TABLE fd_b;')]);
SELECT migrate_folder_digest() = :'before' AS unchanged;

-- A file renamed, with the same bytes: another digest.
SELECT count(*) FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE fd_a (id int);', 'DROP TABLE fd_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE fd_b (id int);', 'DROP TABLE fd_b;')]);
SELECT migrate_folder_digest() <> :'before' AS renamed_differs, migrate_folder_digest() = pg_temp.expected() AS digest_ok;

-- A file edited: another digest.
SELECT count(*) FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE fd_a (id int, x int);', 'DROP TABLE fd_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE fd_b (id int);', 'DROP TABLE fd_b;')]);
SELECT migrate_folder_digest() = pg_temp.expected() AS digest_ok;

-- A file removed: the digest of the one left.
SELECT count(*) FROM migrate_upload(
    ARRAY['001_a.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE fd_a (id int, x int);', 'DROP TABLE fd_a;')]);
SELECT migrate_folder_digest() = encode(sha256(convert_to('9:001_a.sql ' || checksum || E'\n', 'UTF8')), 'hex') AS one_left
FROM pg_migrate.revision;

-- Not PUBLIC's: a role without EXECUTE is refused.
CREATE ROLE pgm_fd_nobody;
SET ROLE pgm_fd_nobody;
SELECT migrate_folder_digest();
RESET ROLE;
DROP ROLE pgm_fd_nobody;

SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::bytea[]);
