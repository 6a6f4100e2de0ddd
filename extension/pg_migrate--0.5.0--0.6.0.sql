/* pg_migrate--0.5.0--0.6.0.sql: update script from pg_migrate 0.5.0 to 0.6.0 (frozen once released). */

\echo Use "ALTER EXTENSION pg_migrate UPDATE TO '0.6.0'" to load this file. \quit
