-- the database has its own TimeZone (ALTER DATABASE ... SET): the same instants must compare equal
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET timezone = %L', current_database(), 'America/New_York'); END$$;
CREATE TABLE t (at timestamptz DEFAULT '2024-01-01 00:00:00+00', CHECK (at > '2000-01-01 00:00:00+00'));
CREATE VIEW v AS SELECT at FROM t WHERE at < '2030-06-01 12:00:00+00'::timestamptz;
