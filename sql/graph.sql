-- graph: migrate_heads(), migrate_branches(), migrate_show(rev), migrate_history(range) and
-- migrate_plan(direction, target) on a branched graph with a merge point, a branch label and
-- a dependency; then the upgrade the plan announced.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- Empty catalog: no heads, no branch points; current shows nothing.
SELECT * FROM migrate_heads();
SELECT * FROM migrate_branches();
SELECT revision FROM migrate_show('current');

--   base -> aaaa1111 -> bbbb2222 -> cccc3333 -> eeee5555
--                               \-> dddd4444 /
--   ffff6666 (reports; own root, depends on aaaa1111), no downgrade
SELECT revision, file_name, action FROM migrate_upload(
    ARRAY['1_a.sql', '2_b.sql', '3_c.sql', '4_d.sql', '5_e.sql', '6_f.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'initial', 'CREATE TABLE graph_a (id int);', 'DROP TABLE graph_a;'),
          pg_temp.rev('bbbb2222', 'aaaa1111', 'split here', 'CREATE TABLE graph_b (id int);', 'DROP TABLE graph_b;'),
          pg_temp.rev('cccc3333', 'bbbb2222', 'left side', 'CREATE TABLE graph_c (id int);', 'DROP TABLE graph_c;'),
          pg_temp.rev('dddd4444', 'bbbb2222', 'right side', 'CREATE TABLE graph_d (id int);', 'DROP TABLE graph_d;'),
          pg_temp.rev('eeee5555', 'cccc3333, dddd4444', 'merge sides', 'CREATE TABLE graph_e (id int);',
                      'DROP TABLE graph_e;'),
          pg_temp.rev('ffff6666', '', 'reports', 'CREATE TABLE graph_f (id int);', NULL,
                      E'-- Branch Labels: reports\n-- Depends On: aaaa1111\n')]);

-- Heads and branch points.
SELECT * FROM migrate_heads();
SELECT revision, children FROM migrate_branches();
SELECT block FROM migrate_branches();

-- show: an id, a partial id, all heads, the (empty) current heads, an unknown id.
SELECT revision, parents, branch_labels, depends_on, message, create_date, file_name,
       checksum ~ '^[0-9a-f]{64}$' AS checksum_ok, uploaded_at IS NOT NULL AS uploaded,
       uploaded_by = current_user AS by_me, is_applied, upgrade_sql, downgrade_sql
FROM migrate_show('cccc3333');
SELECT entry FROM migrate_show('cccc3333');
SELECT revision, entry FROM migrate_show('bbbb');
SELECT revision, downgrade_sql, entry FROM migrate_show('heads');
SELECT revision FROM migrate_show('current');
SELECT revision FROM migrate_show('zzzz');
\echo :LAST_ERROR_SQLSTATE
SELECT revision FROM migrate_show(NULL);
\echo :LAST_ERROR_SQLSTATE

-- history: everything, ranges, a range without a colon.
SELECT revision, line FROM migrate_history(NULL);
SELECT revision FROM migrate_history() EXCEPT SELECT revision FROM migrate_history(NULL);
SELECT revision, line FROM migrate_history('base:bbbb2222');
SELECT revision, line FROM migrate_history('bbbb2222:eeee5555');
SELECT revision, line FROM migrate_history('cccc3333:');
SELECT revision FROM migrate_history('nocolon');
\echo :LAST_ERROR_SQLSTATE

-- plan: upgrade to heads (order and SQL), nothing run.
SELECT * FROM migrate_plan('upgrade', 'heads');
SELECT to_regclass('graph_a') AS graph_a;
SELECT count(*) AS version_rows FROM pg_migrate.version;
SELECT * FROM migrate_plan('upgrade', 'zzzz');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_plan('sideways', 'heads');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_plan(NULL, 'heads');
\echo :LAST_ERROR_SQLSTATE

-- Upgrade to the merge point, then look again.
SELECT revision FROM migrate_upgrade('eeee5555');
SELECT revision, line FROM migrate_history(':current');
SELECT revision, is_current FROM migrate_heads();
SELECT revision, is_applied, entry FROM migrate_show('current');

-- plan: downgrade to an id; to base, through the irreversible revision, once it is applied.
SELECT * FROM migrate_plan('downgrade', 'bbbb2222');
SELECT * FROM migrate_plan('upgrade', 'heads');
SELECT revision FROM migrate_upgrade('heads');
SELECT revision, line FROM migrate_current();
SELECT * FROM migrate_plan('downgrade', 'base');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_plan('upgrade', 'heads');

-- Clean up (ffff6666 is irreversible: forget the state by hand).
DELETE FROM pg_migrate.version;
DROP TABLE graph_a, graph_b, graph_c, graph_d, graph_e, graph_f;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;

-- current also names a branch applied only as a dependency (Alembic: "ffff6666 (head)" then
-- "aaaa1111"), though the version table holds only the dependent.
SELECT count(*) FROM migrate_upload(
    ARRAY['1_a.sql', '6_f.sql'],
    ARRAY[pg_temp.rev('aaaa1111', '', 'initial', 'CREATE TABLE graph_a (id int);', 'DROP TABLE graph_a;'),
          pg_temp.rev('ffff6666', '', 'reports', 'CREATE TABLE graph_f (id int);', 'DROP TABLE graph_f;',
                      E'-- Branch Labels: reports\n-- Depends On: aaaa1111\n')]);
SELECT revision FROM migrate_upgrade('reports@head');
SELECT revision FROM pg_migrate.version;
SELECT revision, line FROM migrate_current();
SELECT revision FROM migrate_show('current');
SELECT revision FROM migrate_downgrade('base');
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
