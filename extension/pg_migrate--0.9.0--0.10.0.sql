/* pg_migrate--0.9.0--0.10.0.sql: update script from pg_migrate 0.9.0 to 0.10.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.10.0'" to load this file. \quit

-- 0.10.0 (issue 11, speed); every object added here is also added to pg_migrate--0.10.0.sql.
