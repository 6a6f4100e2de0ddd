-- search_path: migrate_upgrade and migrate_downgrade run with the caller's search_path (the
-- revisions' SQL needs it), so their internal statements must not resolve a single name through
-- it.  A hostile schema placed before pg_catalog shadows the collation "C", the = operator on
-- text, the functions and aggregates the internal statements use, and the catalog's table
-- names; every pg_migrate function still works and the order of steps is unchanged.
\set VERBOSITY default

\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/helpers/revision.sql'
\i :helpers

-- Three independent roots.  Their load order is the byte order of the file names (collation
-- "C"): 'B_...' < 'a_...' < 'c_...'; a linguistic collation would put 'B_...' second.
CREATE TABLE pg_temp.sp_files AS
SELECT ARRAY['a_lower.sql', 'B_upper.sql', 'c_lower.sql'] AS names,
       ARRAY[pg_temp.rev('sp_a', '', 'a', 'CREATE TABLE sp_a (id int);', 'DROP TABLE sp_a;'),
             pg_temp.rev('sp_b', '', 'b', 'CREATE TABLE sp_b (id int);', 'DROP TABLE sp_b;'),
             pg_temp.rev('sp_c', '', 'c', 'CREATE TABLE sp_c (id int);', 'DROP TABLE sp_c;')] AS contents;

-- The order with a harmless search_path.
SELECT revision, action FROM migrate_upload((SELECT names FROM pg_temp.sp_files),
                                            (SELECT contents FROM pg_temp.sp_files));
SELECT revision, direction FROM migrate_upgrade('heads');
SELECT revision, direction FROM migrate_downgrade('base');

-- The hostile schema.
CREATE SCHEMA evil;
CREATE COLLATION evil."C" (provider = icu, locale = 'und');
SELECT 'B_upper.sql' < 'a_lower.sql' COLLATE evil."C" AS evil_sorts_b_first;
CREATE FUNCTION evil.boom() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a pg_migrate statement resolved a name in schema evil';
END $$;
CREATE FUNCTION evil.text_eq(text, text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN false; END $$;
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_eq);
CREATE FUNCTION evil.text_lt(text, text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN false; END $$;
CREATE OPERATOR evil.< (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_lt);
CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE FUNCTION evil.unnest(anyarray) RETURNS SETOF anyelement LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); END $$;
CREATE FUNCTION evil.md5(text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE FUNCTION evil.current_setting(text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE FUNCTION evil.inet_client_addr() RETURNS inet LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE FUNCTION evil.state_text(text, text, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE AGGREGATE evil.string_agg(text, text) (SFUNC = evil.state_text, STYPE = text);
CREATE FUNCTION evil.state_bigint(bigint, bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE AGGREGATE evil.max(bigint) (SFUNC = evil.state_bigint, STYPE = bigint);
CREATE FUNCTION evil.state_count(bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE AGGREGATE evil.count(*) (SFUNC = evil.state_count, STYPE = bigint);
CREATE FUNCTION evil.state_array(text[], text) RETURNS text[] LANGUAGE plpgsql AS $$
BEGIN PERFORM evil.boom(); RETURN NULL; END $$;
CREATE AGGREGATE evil.array_agg(text) (SFUNC = evil.state_array, STYPE = text[]);
CREATE TABLE evil.revision (id text);
CREATE TABLE evil.version (revision text);
CREATE TABLE evil.log (id bigint);
-- The shadows work: an unqualified call in this search_path reaches schema evil.
SET search_path = evil, pg_catalog, public;
SELECT now();
\echo :LAST_ERROR_SQLSTATE
SELECT 'x'::text = 'x'::text;
\echo :LAST_ERROR_SQLSTATE
RESET search_path;

-- Every function, with schema evil first: same results, same order.
SET search_path = evil, pg_catalog, public;
SELECT revision, action FROM migrate_upload((SELECT names FROM pg_temp.sp_files),
                                            (SELECT contents FROM pg_temp.sp_files));
SELECT revision, direction FROM migrate_upgrade('heads');
SELECT revision, line FROM migrate_current();
SELECT revision, is_current FROM migrate_history();
SELECT revision, direction FROM migrate_downgrade('base');
-- REPEATABLE READ adds the snapshot check's statements.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT revision, direction FROM migrate_upgrade('sp_b');
COMMIT;
RESET search_path;

-- The revisions' own SQL did run with the caller's search_path: sp_b went to schema evil.
SELECT to_regclass('evil.sp_b') AS in_evil, to_regclass('public.sp_b') AS in_public;
SELECT revision, direction, role = current_user AS by_me FROM pg_migrate.log ORDER BY id;

-- Clean up.
SET search_path = evil, pg_catalog, public;
SELECT revision, direction FROM migrate_downgrade('base');
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA evil CASCADE;
RESET client_min_messages;
SELECT count(*) FROM migrate_upload(ARRAY[]::text[], ARRAY[]::text[]);
TRUNCATE pg_migrate.log;
