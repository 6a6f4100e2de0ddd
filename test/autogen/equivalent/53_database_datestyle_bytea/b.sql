CREATE TABLE t (d date DEFAULT '2024-03-01', i interval DEFAULT '1 day 02:00:00', b bytea DEFAULT '\x00ff'::bytea, CHECK (d > '1999-12-31'));
CREATE VIEW v AS SELECT d FROM t WHERE d < '2030-01-31'::date AND i > '1 hour'::interval;
