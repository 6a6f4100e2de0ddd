-- stamp_reason: migrate_stamp(targets, purge, reason) (0.4.0) stamps as migrate_stamp(targets,
-- purge) does and writes the reason into every log row it adds; the two-argument form still
-- logs no reason; an empty reason is refused and changes nothing.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

SELECT revision, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_x.sql'],
    ARRAY[pg_temp.rev('sr_a', '', 'initial', 'CREATE TABLE sr_t_a (id int);', 'DROP TABLE sr_t_a;'),
          pg_temp.rev('sr_b', 'sr_a', 'second', 'CREATE TABLE sr_t_b (id int);', 'DROP TABLE sr_t_b;'),
          pg_temp.rev('sr_x', '', 'other root', 'CREATE TABLE sr_t_x (id int);', 'DROP TABLE sr_t_x;')]);

-- Two targets at once, as an adoption from a two-row alembic_version does.
SELECT * FROM migrate_stamp(ARRAY['sr_b', 'sr_x'], false, 'adopted from alembic_version');
SELECT revision FROM pg_migrate.version ORDER BY revision;
SELECT revision, direction, outcome, reason FROM pg_migrate.log WHERE revision LIKE 'sr\_%' ORDER BY id;
-- No revision SQL ran.
SELECT count(*) AS tables FROM pg_class WHERE relname LIKE 'sr\_t\_%';

-- The two-argument form and a NULL reason log none.
SELECT * FROM migrate_stamp(ARRAY['sr_a']);
SELECT * FROM migrate_stamp(ARRAY['sr_b'], false, NULL);
SELECT revision, direction, reason FROM pg_migrate.log WHERE revision LIKE 'sr\_%' ORDER BY id;

-- An empty reason is refused; nothing changes.
SELECT * FROM migrate_stamp(ARRAY['base'], true, '');
SELECT revision FROM pg_migrate.version ORDER BY revision;
SELECT count(*) AS log_rows FROM pg_migrate.log WHERE revision LIKE 'sr\_%';

-- Purge with a reason.
SELECT * FROM migrate_stamp(ARRAY['sr_x'], true, 'baseline');
SELECT revision FROM pg_migrate.version ORDER BY revision;
SELECT revision, direction, reason FROM pg_migrate.log WHERE revision LIKE 'sr\_%' ORDER BY id DESC LIMIT 1;

-- Not granted to PUBLIC, like the two-argument form.
SELECT has_function_privilege('public', 'migrate_stamp(text[], boolean, text)', 'EXECUTE') AS public_execute;

-- Clean up.
SELECT count(*) FROM migrate_stamp(ARRAY['base'], true);
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
