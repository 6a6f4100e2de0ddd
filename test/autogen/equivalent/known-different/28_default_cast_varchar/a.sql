CREATE TABLE t (s varchar(20) DEFAULT 'x', c char(2) DEFAULT 'ab', st text[] DEFAULT ARRAY[]::text[], ts timestamptz DEFAULT '2024-01-01');
