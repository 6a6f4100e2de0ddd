-- the database has its own DateStyle, IntervalStyle and bytea_output
DO $$BEGIN
  EXECUTE format('ALTER DATABASE %I SET datestyle = %L', current_database(), 'SQL, DMY');
  EXECUTE format('ALTER DATABASE %I SET intervalstyle = %L', current_database(), 'sql_standard');
  EXECUTE format('ALTER DATABASE %I SET bytea_output = %L', current_database(), 'escape');
END$$;
CREATE TABLE t (d date DEFAULT '2024-03-01', i interval DEFAULT '1 day 02:00:00', b bytea DEFAULT '\x00ff'::bytea, CHECK (d > '1999-12-31'));
CREATE VIEW v AS SELECT d FROM t WHERE d < '2030-01-31'::date AND i > '1 hour'::interval;
