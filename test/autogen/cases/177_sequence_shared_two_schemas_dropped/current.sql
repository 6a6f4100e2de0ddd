-- One free-standing sequence feeds the defaults of two tables in two schemas.
CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE SEQUENCE public.global_id START 1000;
CREATE TABLE a.doc (id bigint PRIMARY KEY DEFAULT nextval('public.global_id'), v text);
CREATE TABLE b.doc (id bigint PRIMARY KEY DEFAULT nextval('public.global_id'), v text);
INSERT INTO a.doc (v) VALUES ('x'), ('y');
INSERT INTO b.doc (v) VALUES ('z');
-- expect-rows: SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM a.doc) || ';' || (SELECT string_agg(id::text, ',') FROM b.doc) => 1000,1001;1002
