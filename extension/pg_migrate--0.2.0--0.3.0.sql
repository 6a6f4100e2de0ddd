/* pg_migrate--0.2.0--0.3.0.sql: update script from pg_migrate 0.2.0 to 0.3.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.3.0'" to load this file. \quit

-- [engine] non-transactional revisions, transaction modes, lock safety, rehearsal

-- migrate_run and migrate_rehearse run revision SQL, so, like migrate_upgrade, they keep the
-- caller's search_path.
CREATE FUNCTION @extschema@.migrate_run(direction text, target text, max_steps integer DEFAULT NULL)
RETURNS TABLE (revision text, direction text, message text, duration interval)
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_run';

COMMENT ON FUNCTION @extschema@.migrate_run(text, text, integer) IS
'run the first max_steps steps (NULL: all) of the upgrade or downgrade (direction) to target in the caller''s transaction; one row per step; the version table gets the heads after those steps';

CREATE FUNCTION @extschema@.migrate_rehearse(direction text, target text)
RETURNS TABLE (revision text, direction text, message text, duration interval, rehearsed boolean,
               locks text[])
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_rehearse';

COMMENT ON FUNCTION @extschema@.migrate_rehearse(text, text) IS
'run the transactional steps of the upgrade or downgrade (direction) to target inside a subtransaction that is always rolled back; one row per step with its time and the relation locks it took on relations that existed before (rehearsed false: a non-transactional step, not run); nothing is kept';

-- For pgmig, which runs non-transactional revisions statement by statement in autocommit.
-- migrate_statements keeps the caller's search_path: it names the table of a CREATE INDEX
-- CONCURRENTLY as the statement will find it.
CREATE FUNCTION pg_migrate.migrate_statements(revision text, direction text)
RETURNS TABLE (ordinal integer, line integer, statement text, index_table text)
LANGUAGE C VOLATILE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_statements';

COMMENT ON FUNCTION pg_migrate.migrate_statements(text, text) IS
'internal (pgmig): the statements of the upgrade or downgrade section of a non-transactional revision, cut by PostgreSQL''s parser; line is the line in the revision file where each starts; index_table is the qualified table of a CREATE INDEX CONCURRENTLY';

CREATE FUNCTION pg_migrate.migrate_record(revision text, direction text, started_at timestamptz,
                                          duration interval)
RETURNS void
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_record';

COMMENT ON FUNCTION pg_migrate.migrate_record(text, text, timestamptz, interval) IS
'internal (pgmig): record a non-transactional step that pgmig ran: under the migration lock, check that it is the next step from the current heads, then write its log row and the version table';

-- Raises again an error caught by migrate_upgrade_each or migrate_downgrade_each, with its
-- CONTEXT (PL/pgSQL's RAISE cannot set it).  Changes nothing.
CREATE FUNCTION pg_migrate.raise_step_error(sqlstate text, message text, detail text, hint text,
                                            context text)
RETURNS void
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_raise_step_error';

COMMENT ON FUNCTION pg_migrate.raise_step_error(text, text, text, text, text) IS
'internal: raise an error again with its SQLSTATE, message, detail, hint and CONTEXT lines';

-- One transaction per revision, for a DBA in psql: CALL outside a transaction block.  No SET
-- clause (a procedure with one cannot commit), so every name is qualified.
CREATE PROCEDURE @extschema@.migrate_upgrade_each(target text DEFAULT 'head')
LANGUAGE plpgsql SECURITY INVOKER
AS $pgm$
DECLARE
    pgm_steps text[];
    pgm_step text;
    pgm_ran text;
    pgm_done integer := 0;
    pgm_started timestamptz;
    pgm_failed boolean;
    pgm_state text;
    pgm_message text;
    pgm_detail text;
    pgm_hint text;
    pgm_context text;
    pgm_heads text;
BEGIN
    -- Inside a transaction block nothing could be committed: refuse before anything runs.
    COMMIT;
    SELECT pg_catalog.array_agg(p.revision ORDER BY p.step) INTO pgm_steps
      FROM @extschema@.migrate_plan('upgrade', target) AS p;
    pgm_steps := COALESCE(pgm_steps, '{}'::text[]);
    FOREACH pgm_step IN ARRAY pgm_steps LOOP
        pgm_failed := false;
        pgm_started := pg_catalog.clock_timestamp();
        BEGIN
            -- By id: its parents and dependencies came earlier in the plan, so the plan to it
            -- is that one step (a relative target would walk on from the new state).
            SELECT r.revision INTO pgm_ran FROM @extschema@.migrate_run('upgrade', pgm_step, 1) AS r;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS pgm_state = RETURNED_SQLSTATE, pgm_message = MESSAGE_TEXT,
                pgm_detail = PG_EXCEPTION_DETAIL, pgm_hint = PG_EXCEPTION_HINT,
                pgm_context = PG_EXCEPTION_CONTEXT;
            pgm_failed := true;
        END;
        IF pgm_failed THEN
            -- A non-transactional revision was refused before it ran: not a failed step.
            IF pgm_message OPERATOR(pg_catalog.<>)
               pg_catalog.format('revision "%s" cannot run inside a transaction block', pgm_step) THEN
                PERFORM @extschema@.migrate_log_failure(pgm_step, 'upgrade', pgm_state, pgm_message,
                    pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) pgm_started);
                COMMIT;
            END IF;
            SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
              FROM @extschema@.migrate_current() AS c;
            RAISE NOTICE 'migrate_upgrade_each: % of % revision(s) applied and committed before revision "%" failed; the database is at %',
                pgm_done, pg_catalog.cardinality(pgm_steps), pgm_step, pgm_heads;
            PERFORM pg_migrate.raise_step_error(pgm_state, pgm_message, pgm_detail, pgm_hint, pgm_context);
        END IF;
        IF pgm_ran IS DISTINCT FROM pgm_step THEN
            RAISE EXCEPTION 'the plan changed while migrate_upgrade_each was running'
                USING ERRCODE = '55000',
                      DETAIL = pg_catalog.format('Revision "%s" was expected next, but "%s" ran; it was rolled back.',
                                                 pgm_step, pgm_ran),
                      HINT = 'Another session migrated this database at the same time; call it again.';
        END IF;
        COMMIT;
        pgm_done := pgm_done OPERATOR(pg_catalog.+) 1;
    END LOOP;
    SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
      FROM @extschema@.migrate_current() AS c;
    RAISE NOTICE 'migrate_upgrade_each: % revision(s) applied, each in its own transaction; the database is at %',
        pgm_done, pgm_heads;
END
$pgm$;

COMMENT ON PROCEDURE @extschema@.migrate_upgrade_each(text) IS
'upgrade to target committing after each revision (CALL outside a transaction block); a failure keeps the revisions before it, is logged, and is raised again; stops before a non-transactional revision';

CREATE PROCEDURE @extschema@.migrate_downgrade_each(target text)
LANGUAGE plpgsql SECURITY INVOKER
AS $pgm$
DECLARE
    pgm_steps text[];
    pgm_step text;
    pgm_ran text;
    pgm_done integer := 0;
    pgm_started timestamptz;
    pgm_failed boolean;
    pgm_state text;
    pgm_message text;
    pgm_detail text;
    pgm_hint text;
    pgm_context text;
    pgm_heads text;
    pgm_target text;
BEGIN
    -- Inside a transaction block nothing could be committed: refuse before anything runs.
    COMMIT;
    SELECT pg_catalog.array_agg(p.revision ORDER BY p.step) INTO pgm_steps
      FROM @extschema@.migrate_plan('downgrade', target) AS p;
    pgm_steps := COALESCE(pgm_steps, '{}'::text[]);
    -- A relative target (-1, label@-2) would walk on from the new state after each step: go to
    -- the revision below the last step of the plan instead (one parent), or base.  Should that
    -- plan start elsewhere, the check below stops the run before committing.
    pgm_target := target;
    IF target OPERATOR(pg_catalog.~) '[+-][0-9]+$' AND pg_catalog.cardinality(pgm_steps) OPERATOR(pg_catalog.>) 0 THEN
        SELECT COALESCE(s.parents[1], 'base') INTO pgm_target
          FROM @extschema@.migrate_show(pgm_steps[pg_catalog.cardinality(pgm_steps)]) AS s;
    END IF;
    FOREACH pgm_step IN ARRAY pgm_steps LOOP
        pgm_failed := false;
        pgm_started := pg_catalog.clock_timestamp();
        BEGIN
            SELECT r.revision INTO pgm_ran FROM @extschema@.migrate_run('downgrade', pgm_target, 1) AS r;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS pgm_state = RETURNED_SQLSTATE, pgm_message = MESSAGE_TEXT,
                pgm_detail = PG_EXCEPTION_DETAIL, pgm_hint = PG_EXCEPTION_HINT,
                pgm_context = PG_EXCEPTION_CONTEXT;
            pgm_failed := true;
        END;
        IF pgm_failed THEN
            -- A non-transactional revision was refused before it ran: not a failed step.
            IF pgm_message OPERATOR(pg_catalog.<>)
               pg_catalog.format('revision "%s" cannot run inside a transaction block', pgm_step) THEN
                PERFORM @extschema@.migrate_log_failure(pgm_step, 'downgrade', pgm_state, pgm_message,
                    pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) pgm_started);
                COMMIT;
            END IF;
            SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
              FROM @extschema@.migrate_current() AS c;
            RAISE NOTICE 'migrate_downgrade_each: % of % revision(s) reverted and committed before revision "%" failed; the database is at %',
                pgm_done, pg_catalog.cardinality(pgm_steps), pgm_step, pgm_heads;
            PERFORM pg_migrate.raise_step_error(pgm_state, pgm_message, pgm_detail, pgm_hint, pgm_context);
        END IF;
        IF pgm_ran IS DISTINCT FROM pgm_step THEN
            RAISE EXCEPTION 'the plan changed while migrate_downgrade_each was running'
                USING ERRCODE = '55000',
                      DETAIL = pg_catalog.format('Revision "%s" was expected next, but "%s" ran; it was rolled back.',
                                                 pgm_step, pgm_ran),
                      HINT = 'Another session migrated this database at the same time; call it again.';
        END IF;
        COMMIT;
        pgm_done := pgm_done OPERATOR(pg_catalog.+) 1;
    END LOOP;
    SELECT COALESCE(pg_catalog.string_agg(c.revision, ', ' ORDER BY c.revision), 'base') INTO pgm_heads
      FROM @extschema@.migrate_current() AS c;
    RAISE NOTICE 'migrate_downgrade_each: % revision(s) reverted, each in its own transaction; the database is at %',
        pgm_done, pgm_heads;
END
$pgm$;

COMMENT ON PROCEDURE @extschema@.migrate_downgrade_each(text) IS
'downgrade to target committing after each revision (CALL outside a transaction block); a failure keeps the revisions before it, is logged, and is raised again; stops before a non-transactional revision';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_run(text, text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.migrate_rehearse(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.migrate_statements(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.migrate_record(text, text, timestamptz, interval) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE @extschema@.migrate_upgrade_each(text) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE @extschema@.migrate_downgrade_each(text) FROM PUBLIC;

-- [locks] lock safety settings' functions, the migration lock

-- The migration lock at session level, for a run of several transactions (pgmig
-- --transaction-per-revision, a DBA's script): the migrate_* calls of the same session then take
-- it at once.  Like the transaction-level wait, it names the holder and waits at most
-- pg_migrate.migration_lock_timeout.
CREATE FUNCTION pg_migrate.lock_session()
RETURNS void
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_lock_session';

COMMENT ON FUNCTION pg_migrate.lock_session() IS
'take the migration lock at session level (it waits at most pg_migrate.migration_lock_timeout, after a notice naming the session that holds it); held until pg_migrate.unlock_session() or the end of the session';

CREATE FUNCTION pg_migrate.unlock_session()
RETURNS boolean
LANGUAGE C VOLATILE STRICT SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_unlock_session';

COMMENT ON FUNCTION pg_migrate.unlock_session() IS
'release the migration lock taken by pg_migrate.lock_session(); false when this session did not hold it';

REVOKE EXECUTE ON FUNCTION pg_migrate.lock_session() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_migrate.unlock_session() FROM PUBLIC;

-- [integrity] what runs is what was checked; standby; runs, restore points and backups

-- One row per migrate_upgrade or migrate_downgrade call that ran steps, written before its first
-- step: where to recover to just before it.
CREATE TABLE pg_migrate.run (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    role          name NOT NULL,
    session_role  name NOT NULL,
    direction     text NOT NULL CHECK (direction IN ('upgrade', 'downgrade')),
    target        text NOT NULL,
    wal_lsn       pg_lsn NOT NULL,
    restore_point text,
    backup_file   text
);

COMMENT ON TABLE pg_migrate.run IS 'every migrate_upgrade and migrate_downgrade call that ran steps, with the WAL position, restore point and backup file taken before its first step';
COMMENT ON COLUMN pg_migrate.run.role IS 'the role that called (current_user)';
COMMENT ON COLUMN pg_migrate.run.session_role IS 'the role that logged in (session_user)';
COMMENT ON COLUMN pg_migrate.run.wal_lsn IS 'the WAL insert position before the first step (recovery_target_lsn)';
COMMENT ON COLUMN pg_migrate.run.restore_point IS 'the restore point created before the first step (recovery_target_name); NULL when the caller may not create one or wal_level is minimal';
COMMENT ON COLUMN pg_migrate.run.backup_file IS 'the pg_dump file made before the run (pgmig --backup, the pg_migrate.backup_file setting); NULL for none';

ALTER TABLE pg_migrate.log ADD COLUMN run_id bigint REFERENCES pg_migrate.run (id);

COMMENT ON COLUMN pg_migrate.log.run_id IS 'the pg_migrate.run row of the migrate_upgrade or migrate_downgrade call that ran the step; NULL for other steps';

SELECT pg_catalog.pg_extension_config_dump('pg_migrate.run', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.run_id_seq', '');

REVOKE ALL ON pg_migrate.run FROM PUBLIC;
REVOKE ALL ON SEQUENCE pg_migrate.run_id_seq FROM PUBLIC;

-- The functions write the catalog as its owner (the revisions' SQL still runs as the caller), so
-- no role needs privileges on the catalog's tables to migrate.  pg_migrate.write_log does too, so
-- its EXECUTE is no longer PUBLIC's: grant it to the roles that run offline scripts.
REVOKE EXECUTE ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text) FROM PUBLIC;

COMMENT ON PROCEDURE pg_migrate.write_log(text, text, text, timestamptz, interval, text, text) IS
'internal: append one row to pg_migrate.log for a step run outside migrate_upgrade (offline scripts); role, session role, application and client address come from the session; duration NULL is 0; writes as the catalog''s owner, EXECUTE granted like migrate_upgrade''s';

COMMENT ON FUNCTION @extschema@.migrate_verify() IS
'the uploaded revisions in load order, each with its catalog checksum and the checksum it was applied with (the newest upgrade, stamp or repair in the log); status is pending, ok, edited (the catalog''s script differs from the applied one) or corrupted (the catalog row differs from its stored file, or the file from its checksum)';

-- [lint] lint
-- migrate_lint keeps the caller's search_path, as migrate_upgrade does, so the names in the
-- revisions' SQL resolve to the tables the upgrade would change; its own statements are
-- schema-qualified.
CREATE FUNCTION @extschema@.migrate_lint(direction text DEFAULT 'upgrade', target text DEFAULT 'head')
RETURNS TABLE (revision text, file_name text, line integer, rule text, relation text, relation_size bigint,
               estimated_rows bigint, lock_mode text, message text, detail text, hint text, waived boolean)
LANGUAGE C STABLE SECURITY INVOKER
AS 'MODULE_PATHNAME', 'migrate_lint';

COMMENT ON FUNCTION @extschema@.migrate_lint(text, text) IS
'the risks of the steps migrate_upgrade or migrate_downgrade (direction) would run to target, checked against the live catalog without running them: one row per finding, with the revision file''s line, the rule, the table, its size and the lock; waived is true for findings a "-- lint: ignore RULE" comment waives';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_lint(text, text) FROM PUBLIC;

-- [drift] drift and guard
-- DDL run outside migrations, recorded by the event triggers below (docs/maintenance.md).  No
-- unique key on id: restoring a dump runs DDL (recorded with new ids) before it copies the dumped
-- rows back, and a key violation there would make the event trigger fail the restore.
CREATE TABLE pg_migrate.drift (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    at               timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    role             name NOT NULL,
    session_role     name NOT NULL,
    application_name text,
    client_addr      inet,
    command_tag      text NOT NULL,
    object_type      text,
    object_identity  text,
    schema           text
);

COMMENT ON TABLE pg_migrate.drift IS 'DDL run outside migrations (not by migrate_upgrade, migrate_downgrade, pgmig upgrade or an extension script), one row per command or dropped object; pgmig drift lists it, migrate_drift_clear acknowledges it';
COMMENT ON COLUMN pg_migrate.drift.at IS 'when the statement started';
COMMENT ON COLUMN pg_migrate.drift.role IS 'the role that ran the DDL (current_user)';
COMMENT ON COLUMN pg_migrate.drift.session_role IS 'the role that logged in (session_user), also under SET ROLE';
COMMENT ON COLUMN pg_migrate.drift.command_tag IS 'the command, e.g. CREATE TABLE, ALTER TABLE, DROP INDEX';
COMMENT ON COLUMN pg_migrate.drift.object_identity IS 'the object it created, changed or dropped, as pg_identify_object names it';

-- The schema the last migration run left: one row at most.
CREATE TABLE pg_migrate.schema_snapshot (
    heads    text[] NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    snapshot jsonb NOT NULL
);

COMMENT ON TABLE pg_migrate.schema_snapshot IS 'migrate_snapshot() of the schema after the last migration run that applied a step (or the last migrate_drift_clear), with the heads it left; one row at most; pgmig drift compares the live schema with it';

SELECT pg_catalog.pg_extension_config_dump('pg_migrate.drift', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.drift_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('pg_migrate.schema_snapshot', '');
REVOKE ALL ON pg_migrate.drift, pg_migrate.schema_snapshot, pg_migrate.drift_id_seq FROM PUBLIC;

-- The event trigger functions: internal, in the catalog schema; they write as the owner of
-- pg_migrate.drift, so the roles that run DDL need no privilege on it.
CREATE FUNCTION pg_migrate.ddl_guard()
RETURNS event_trigger
LANGUAGE C SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_ddl_guard';

COMMENT ON FUNCTION pg_migrate.ddl_guard() IS
'internal (event trigger pg_migrate_guard, ddl_command_start): with pg_migrate.guard on, refuse DDL outside migrations';

CREATE FUNCTION pg_migrate.ddl_record()
RETURNS event_trigger
LANGUAGE C SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_ddl_record';

COMMENT ON FUNCTION pg_migrate.ddl_record() IS
'internal (event trigger pg_migrate_record_ddl, ddl_command_end): record DDL run outside migrations in pg_migrate.drift';

CREATE FUNCTION pg_migrate.ddl_record_drop()
RETURNS event_trigger
LANGUAGE C SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_ddl_record_drop';

COMMENT ON FUNCTION pg_migrate.ddl_record_drop() IS
'internal (event trigger pg_migrate_record_drop, sql_drop): record objects dropped outside migrations in pg_migrate.drift';

-- Event triggers call them without an EXECUTE check; nobody else needs to.
REVOKE EXECUTE ON FUNCTION pg_migrate.ddl_guard(), pg_migrate.ddl_record(), pg_migrate.ddl_record_drop() FROM PUBLIC;

CREATE EVENT TRIGGER pg_migrate_guard ON ddl_command_start EXECUTE FUNCTION pg_migrate.ddl_guard();
CREATE EVENT TRIGGER pg_migrate_record_ddl ON ddl_command_end EXECUTE FUNCTION pg_migrate.ddl_record();
CREATE EVENT TRIGGER pg_migrate_record_drop ON sql_drop EXECUTE FUNCTION pg_migrate.ddl_record_drop();

COMMENT ON EVENT TRIGGER pg_migrate_guard IS 'pg_migrate: refuse DDL outside migrations when pg_migrate.guard is on';
COMMENT ON EVENT TRIGGER pg_migrate_record_ddl IS 'pg_migrate: record DDL run outside migrations in pg_migrate.drift';
COMMENT ON EVENT TRIGGER pg_migrate_record_drop IS 'pg_migrate: record objects dropped outside migrations in pg_migrate.drift';

CREATE FUNCTION @extschema@.migrate_drift_clear(up_to bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE C VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'migrate_drift_clear';

COMMENT ON FUNCTION @extschema@.migrate_drift_clear(bigint) IS
'acknowledge drift: delete the recorded out-of-migration DDL (rows of pg_migrate.drift up to id up_to, all when NULL) and store the live schema as the snapshot pgmig drift compares with; returns the number of rows deleted';

REVOKE EXECUTE ON FUNCTION @extschema@.migrate_drift_clear(bigint) FROM PUBLIC;
