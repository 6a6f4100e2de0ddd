-- the database has standard_conforming_strings = off; the literals below hold backslashes
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET standard_conforming_strings = off', current_database()); END$$;
CREATE TABLE t (p text DEFAULT E'C:\\dir' CHECK (p <> E'\\'));
CREATE VIEW v AS SELECT p FROM t WHERE p LIKE E'%\\%';
