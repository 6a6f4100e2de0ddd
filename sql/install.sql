-- install: CREATE EXTENSION builds the catalog, the functions (each with a comment), marks the
-- catalog for pg_dump, closes it to PUBLIC, and the library's version matches the extension's.

-- The catalog.
SELECT c.relname, c.relkind
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'pg_migrate'
ORDER BY c.relname;

SELECT table_name, column_name, data_type, is_nullable, column_default
FROM information_schema.columns
WHERE table_schema = 'pg_migrate'
ORDER BY table_name, ordinal_position;

SELECT conrelid::regclass, conname, pg_get_constraintdef(oid)
FROM pg_constraint
WHERE connamespace = 'pg_migrate'::regnamespace
ORDER BY conrelid::regclass::text, conname;

-- pg_dump carries the catalog's rows.
SELECT unnest(extconfig)::regclass AS config_relation
FROM pg_extension WHERE extname = 'pg_migrate'
ORDER BY 1::text;

-- The functions: signatures, results, settings, comments.
SELECT p.oid::regprocedure AS function,
       pg_get_function_result(p.oid) AS result,
       p.provolatile, p.prosecdef, p.proconfig,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_migrate'
ORDER BY p.oid::regprocedure::text;

-- The library and the extension agree on the version.
SELECT migrate_version() = extversion AS same_version
FROM pg_extension WHERE extname = 'pg_migrate';

-- The parameters exist with their defaults.
SHOW pg_migrate.lock_timeout;
SHOW pg_migrate.statement_timeout;
SET pg_migrate.lock_timeout = '2s';
SHOW pg_migrate.lock_timeout;
RESET pg_migrate.lock_timeout;
SET pg_migrate.statement_timeout = -1;

-- PUBLIC has no access to the catalog.
CREATE ROLE regress_pgm_nobody;
SELECT has_schema_privilege('regress_pgm_nobody', 'pg_migrate', 'USAGE') AS schema_usage,
       has_table_privilege('regress_pgm_nobody', 'pg_migrate.revision', 'SELECT') AS revision_select,
       has_table_privilege('regress_pgm_nobody', 'pg_migrate.version', 'SELECT') AS version_select,
       has_table_privilege('regress_pgm_nobody', 'pg_migrate.log', 'SELECT') AS log_select,
       has_sequence_privilege('regress_pgm_nobody', 'pg_migrate.log_id_seq', 'USAGE') AS log_seq_usage;
SET ROLE regress_pgm_nobody;
\set VERBOSITY terse
SELECT * FROM migrate_current();
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM migrate_upgrade();
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
RESET ROLE;
DROP ROLE regress_pgm_nobody;

-- A fresh catalog is empty.
SELECT count(*) FROM migrate_current();
SELECT count(*) FROM migrate_history();
