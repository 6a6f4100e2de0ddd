-- the database sets quote_all_identifiers (deparsers then quote every name)
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET quote_all_identifiers = on', current_database()); END$$;
CREATE TABLE t (a int DEFAULT 1 CHECK (a > 0), b text);
CREATE INDEX ON t (lower(b));
CREATE VIEW v AS SELECT a, b FROM t;
