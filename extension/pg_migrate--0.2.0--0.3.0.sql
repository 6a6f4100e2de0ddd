/* pg_migrate--0.2.0--0.3.0.sql: update script from pg_migrate 0.2.0 to 0.3.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.3.0'" to load this file. \quit

-- [engine] non-transactional revisions, transaction modes, lock safety, rehearsal

-- [locks] lock safety settings' functions, the migration lock

-- [integrity] what runs is what was checked; standby; runs, restore points and backups

-- [lint] lint

-- [drift] drift and guard
