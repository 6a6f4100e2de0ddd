-- repair: migrate_verify compares each catalog script with the one that was applied (the log);
-- migrate_repair changes the script of an applied revision (SQL and message, never its place
-- in the graph) or accepts the catalog's script, and logs a repair row with the reason.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- The files: a1 and b2 as first written, b2 edited (its downgrade SQL was wrong), c3 not applied.
CREATE TABLE pg_temp.files AS
SELECT pg_temp.rev('a1', '', 'create a', 'CREATE TABLE rp_a (id int);', 'DROP TABLE rp_a;') AS a1,
       pg_temp.rev('b2', 'a1', 'create b', 'CREATE TABLE rp_b (id int);', 'DROP TABLE rp_wrong;') AS b2,
       pg_temp.rev('b2', 'a1', 'create b', 'CREATE TABLE rp_b (id int);', 'DROP TABLE rp_b;') AS b2_edited,
       pg_temp.rev('c3', 'b2', 'create c', 'CREATE TABLE rp_c (id int);', 'DROP TABLE rp_c;') AS c3;

-- sha(): the checksum of a file, as the catalog stores it.
CREATE FUNCTION pg_temp.sha(file text) RETURNS text LANGUAGE sql AS $$
SELECT encode(sha256(convert_to(file, 'UTF8')), 'hex')
$$;

SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'], (SELECT ARRAY[a1, b2] FROM pg_temp.files));
SELECT revision FROM migrate_upgrade();
SELECT revision, file_name, checksum = pg_temp.sha(b2) AS is_b2, is_applied,
       applied_checksum = checksum AS same, status
FROM migrate_verify(), pg_temp.files;

-- The edited file of an applied revision is still refused by migrate_upload.
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql'],
                                            (SELECT ARRAY[a1, b2_edited] FROM pg_temp.files));
\echo :LAST_ERROR_SQLSTATE

-- The repair with the edited file and a reason.
SELECT revision, old_checksum = pg_temp.sha(b2) AS old_is_b2, new_checksum = pg_temp.sha(b2_edited) AS new_is_edited
FROM migrate_repair('b2', 'downgrade dropped the wrong table', '2_b.sql',
                    (SELECT convert_to(b2_edited, 'UTF8') FROM pg_temp.files)), pg_temp.files;
SELECT id, checksum = pg_temp.sha(b2_edited) AS checksum_is_edited, downgrade_sql, script = b2_edited AS script_ok
FROM pg_migrate.revision, pg_temp.files WHERE id = 'b2';
SELECT revision, direction, outcome, duration, checksum = pg_temp.sha(b2_edited) AS checksum_is_edited, reason,
       role = current_user AS by_me
FROM pg_migrate.log, pg_temp.files WHERE direction = 'repair' ORDER BY id;
-- The edited file set now uploads as unchanged; c3 is added.
SELECT revision, action FROM migrate_upload(ARRAY['1_a.sql', '2_b.sql', '3_c.sql'],
                                            (SELECT ARRAY[a1, b2_edited, c3] FROM pg_temp.files));
SELECT revision, is_applied, applied_checksum = checksum AS same, status FROM migrate_verify();

-- A catalog row rewritten by hand, its file, checksum and SQL alike: migrate_verify says edited; a
-- repair without a file accepts it.  (A row changed in part is corrupted: see integrity.sql.)
UPDATE pg_migrate.revision
SET script = f.wide, checksum = pg_temp.sha(f.wide), upgrade_sql = 'CREATE TABLE rp_a (id bigint);'
FROM (SELECT pg_temp.rev('a1', '', 'create a', 'CREATE TABLE rp_a (id bigint);', 'DROP TABLE rp_a;') AS wide) AS f
WHERE id = 'a1';
SELECT revision, checksum, applied_checksum = pg_temp.sha(a1) AS applied_is_a1, status
FROM migrate_verify(), pg_temp.files WHERE revision = 'a1';
SELECT revision, old_checksum = pg_temp.sha(a1) AS old_is_a1, new_checksum
FROM migrate_repair('a1', 'column widened by hand in production'), pg_temp.files;
SELECT revision, applied_checksum, status FROM migrate_verify() WHERE revision = 'a1';
SELECT revision, direction, outcome, checksum, reason FROM pg_migrate.log
WHERE direction = 'repair' AND revision = 'a1' ORDER BY id;

-- Errors change nothing.
SELECT md5(string_agg(l::text, ',' ORDER BY l.id)) AS log_state FROM pg_migrate.log AS l \gset
SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) AS catalog_state FROM pg_migrate.revision AS r \gset
-- Not applied.
SELECT * FROM migrate_repair('c3', 'fix');
\echo :LAST_ERROR_SQLSTATE
-- Unknown revision.
SELECT * FROM migrate_repair('zz9', 'fix');
\echo :LAST_ERROR_SQLSTATE
-- The file is another revision.
SELECT * FROM migrate_repair('b2', 'fix', '1_a.sql', (SELECT convert_to(a1, 'UTF8') FROM pg_temp.files));
\echo :LAST_ERROR_SQLSTATE
-- The parents, dependencies or branch labels changed.
SELECT * FROM migrate_repair('b2', 'fix', '2_b.sql',
    convert_to(pg_temp.rev('b2', '', 'create b', 'CREATE TABLE rp_b (id int);', 'DROP TABLE rp_b;'), 'UTF8'));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair('b2', 'fix', '2_b.sql',
    convert_to(pg_temp.rev('b2', 'a1', 'create b', 'CREATE TABLE rp_b (id int);', 'DROP TABLE rp_b;',
                           E'-- Depends On: a1\n'), 'UTF8'));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair('b2', 'fix', '2_b.sql',
    convert_to(pg_temp.rev('b2', 'a1', 'create b', 'CREATE TABLE rp_b (id int);', 'DROP TABLE rp_b;',
                           E'-- Branch Labels: lbl\n'), 'UTF8'));
\echo :LAST_ERROR_SQLSTATE
-- A malformed file.
SELECT * FROM migrate_repair('b2', 'fix', '2_b.sql', convert_to('CREATE TABLE x (id int);', 'UTF8'));
\echo :LAST_ERROR_SQLSTATE
-- No reason, a blank reason.
SELECT * FROM migrate_repair('b2', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair('b2', E'  \t');
\echo :LAST_ERROR_SQLSTATE
-- Only one of file_name and content.
SELECT * FROM migrate_repair('b2', 'fix', '2_b.sql');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair('b2', 'fix', content => (SELECT convert_to(b2_edited, 'UTF8') FROM pg_temp.files));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_repair(NULL, 'fix');
\echo :LAST_ERROR_SQLSTATE
SELECT md5(string_agg(l::text, ',' ORDER BY l.id)) = :'log_state' AS log_unchanged FROM pg_migrate.log AS l;
SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) = :'catalog_state' AS catalog_unchanged
FROM pg_migrate.revision AS r;

-- A downgrade after the repair runs the repaired downgrade SQL (DROP TABLE rp_b, not rp_wrong).
SELECT revision, direction FROM migrate_downgrade('a1');
SELECT relname FROM pg_class WHERE relname LIKE 'rp\_%' AND relkind = 'r' ORDER BY relname;
SELECT revision, is_applied, status FROM migrate_verify();

-- Clean up.
SELECT revision, direction FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
