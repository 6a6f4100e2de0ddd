-- upload: migrate_upload parses every file, validates the whole graph, then syncs the catalog
-- (added, updated, unchanged, removed).  Each bad input fails and leaves the catalog unchanged.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- catalog_state(): a fingerprint of the catalog, to show that a failed upload changed nothing.
CREATE FUNCTION pg_temp.catalog_state() RETURNS text LANGUAGE sql AS $$
SELECT coalesce(string_agg(id || '/' || file_name || '/' || left(checksum, 8), ' ' ORDER BY id), '(empty)')
FROM pg_migrate.revision
$$;

-- A good set of three files, given out of order: rows come back in file-name order.
SELECT * FROM migrate_upload(
    ARRAY['002_b.sql', '001_a.sql', '003_c.sql'],
    ARRAY[pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int);', 'DROP TABLE up_b;'),
          pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);')]);

SELECT id, parents, branch_labels, depends_on, message, create_date, file_name, upgrade_sql,
       downgrade_sql, transactional, length(checksum) AS checksum_length,
       uploaded_by = current_user AS by_me, uploaded_at <= now() AS uploaded_before_now
FROM pg_migrate.revision ORDER BY id;

-- The checksum is the SHA-256 of the file's bytes; script is the whole file.
SELECT checksum = encode(sha256(convert_to(script, 'UTF8')), 'hex') AS checksum_ok,
       script = pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;') AS script_ok
FROM pg_migrate.revision WHERE id = 'aaaa1111';

SELECT pg_temp.catalog_state() AS good_state \gset

-- The same files again: unchanged.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql', '003_c.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int);', 'DROP TABLE up_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);')]);

-- The bytea form gives the same result.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql', '003_c.sql'],
    ARRAY[convert_to(pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'), 'UTF8'),
          convert_to(pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int);', 'DROP TABLE up_b;'), 'UTF8'),
          convert_to(pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);'), 'UTF8')]);

-- Bad inputs.  After each one the catalog is as it was.

-- No header.
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[E'CREATE TABLE x (id int);\n']);
\echo :LAST_ERROR_SQLSTATE
-- No "Revision ID".
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[E'-- no id\n--\n-- Revises:\n\n-- migrate:upgrade\nSELECT 1;\n']);
\echo :LAST_ERROR_SQLSTATE
-- An unrecognized header key.
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('xxxx0000', '', 'x', 'SELECT 1;', NULL, E'-- Author: me\n')]);
\echo :LAST_ERROR_SQLSTATE
-- A repeated header key.
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('xxxx0000', '', 'x', 'SELECT 1;', NULL, E'-- Revises:\n')]);
\echo :LAST_ERROR_SQLSTATE
-- A repeated section.
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('xxxx0000', '', 'x', E'SELECT 1;\n-- migrate:upgrade\nSELECT 2;')]);
\echo :LAST_ERROR_SQLSTATE
-- No upgrade section.
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[E'-- x\n--\n-- Revision ID: xxxx0000\n']);
\echo :LAST_ERROR_SQLSTATE
-- Characters not allowed in a revision id.
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('ab-cd', '', 'x', 'SELECT 1;')]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY['x.sql'], ARRAY[pg_temp.rev('ab.cd', '', 'x', 'SELECT 1;')]);
\echo :LAST_ERROR_SQLSTATE
-- A NUL byte.
SELECT * FROM migrate_upload(ARRAY['x.sql'],
    ARRAY[convert_to(E'-- x\n--\n-- Revision ID: xxxx0000\n\n-- migrate:upgrade\nSELECT ', 'UTF8') || '\x00'::bytea
          || convert_to(E'1;\n', 'UTF8')]);
\echo :LAST_ERROR_SQLSTATE
-- Invalid UTF-8.
SELECT * FROM migrate_upload(ARRAY['x.sql'],
    ARRAY[convert_to(E'-- caf', 'UTF8') || '\xe9'::bytea
          || convert_to(E'\n--\n-- Revision ID: xxxx0000\n\n-- migrate:upgrade\nSELECT 1;\n', 'UTF8')]);
\echo :LAST_ERROR_SQLSTATE
-- The same revision id in two files.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql', '003_c.sql', '004_dup.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int);', 'DROP TABLE up_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'another b', 'SELECT 1;')]);
\echo :LAST_ERROR_SQLSTATE
-- A parent that is not there.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql', '003_c.sql', '004_d.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int);', 'DROP TABLE up_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);'),
          pg_temp.rev('dddd4444', 'ffff9999', 'create d', 'SELECT 1;')]);
\echo :LAST_ERROR_SQLSTATE
-- A cycle.
SELECT * FROM migrate_upload(
    ARRAY['001_p.sql', '002_q.sql'],
    ARRAY[pg_temp.rev('pppp1111', 'qqqq2222', 'p', 'SELECT 1;'),
          pg_temp.rev('qqqq2222', 'pppp1111', 'q', 'SELECT 1;')]);
\echo :LAST_ERROR_SQLSTATE
-- The arrays do not match.
SELECT * FROM migrate_upload(ARRAY['001_a.sql', '002_b.sql'], ARRAY['-- a']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY['001_a.sql', NULL], ARRAY['-- a', '-- b']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY['001_a.sql'], ARRAY[NULL::bytea]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(NULL, ARRAY['-- a']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY['001_a.sql'], NULL::text[]);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[''], ARRAY['-- a']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY['001_a.sql', '001_a.sql'], ARRAY['-- a', '-- a']);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upload(ARRAY[['001_a.sql'], ['002_b.sql']], ARRAY[['-- a'], ['-- b']]);
\echo :LAST_ERROR_SQLSTATE
-- A file over the limit of 64 MiB.
SELECT * FROM migrate_upload(ARRAY['big.sql'], ARRAY[convert_to(repeat('-', 64 * 1024 * 1024 + 1), 'UTF8')]);
\echo :LAST_ERROR_SQLSTATE
-- A cancel (here statement_timeout) while the core parses and hashes a large file: the core
-- checks for interrupts in its long loops, the error crosses its frames as a C++ exception and
-- arrives as 57014; the session goes on.
CREATE TEMP TABLE big_file AS
SELECT convert_to(E'-- big\n--\n-- Revision ID: big1\n\n-- migrate:upgrade\n' || repeat(E'SELECT 1;\n', 3000000),
                  'UTF8') AS bytes;
SET statement_timeout = '100ms';
SELECT * FROM migrate_upload(ARRAY['big.sql'], ARRAY[(SELECT bytes FROM big_file)]);
\echo :LAST_ERROR_SQLSTATE
RESET statement_timeout;
DROP TABLE big_file;

SELECT pg_temp.catalog_state() = :'good_state' AS unchanged;

-- An unapplied revision may be edited: updated.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql', '003_c.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int, v text);', 'DROP TABLE up_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);')]);
SELECT upgrade_sql FROM pg_migrate.revision WHERE id = 'bbbb2222';

-- Apply a and b.
SELECT revision, direction, message FROM migrate_upgrade('bbbb2222');

-- An applied revision edited: refused, with a hint.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b.sql', '003_c.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id bigint, v text);', 'DROP TABLE up_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);')]);
\echo :LAST_ERROR_SQLSTATE
SELECT upgrade_sql FROM pg_migrate.revision WHERE id = 'bbbb2222';

-- A renamed file with the same bytes: updated, also when applied.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '002_b_renamed.sql', '003_c.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'create b', 'CREATE TABLE up_b (id int, v text);', 'DROP TABLE up_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'create c', 'CREATE TABLE up_c (id int);')]);

-- Files left out: the unapplied one is removed, the applied one kept (with a notice).
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '004_d.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('dddd4444', 'bbbb2222', 'create d', 'CREATE TABLE up_d (id int);', 'DROP TABLE up_d;')]);
SELECT id, file_name FROM pg_migrate.revision ORDER BY id;

-- A new file whose parent would be removed: refused.
SELECT * FROM migrate_upload(
    ARRAY['001_a.sql', '004_d.sql', '005_e.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;'),
          pg_temp.rev('dddd4444', 'bbbb2222', 'create d', 'CREATE TABLE up_d (id int);', 'DROP TABLE up_d;'),
          pg_temp.rev('eeee5555', 'cccc3333', 'create e', 'SELECT 1;')]);
\echo :LAST_ERROR_SQLSTATE

-- An upload inside a transaction that rolls back leaves nothing behind.
BEGIN;
SELECT * FROM migrate_upload(ARRAY['001_a.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'create a', 'CREATE TABLE up_a (id int);', 'DROP TABLE up_a;')]);
ROLLBACK;
SELECT id FROM pg_migrate.revision ORDER BY id;

-- Clean up.
SELECT revision, direction FROM migrate_downgrade('base');
SELECT * FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
