-- One sequence shared by the defaults of several tables: its options change (ALTER SEQUENCE,
-- never drop + create, which would reset it and need the defaults dropped), one sharing table is
-- dropped, a new table shares it; a second free-standing sequence is created and used.
CREATE SEQUENCE global_id INCREMENT BY 10 CACHE 20;
CREATE SEQUENCE doc_c_rev;
CREATE TABLE doc_a (id bigint PRIMARY KEY DEFAULT nextval('global_id'), body text);
CREATE TABLE doc_b (id bigint PRIMARY KEY DEFAULT nextval('global_id'), body text);
CREATE TABLE doc_c (
    id bigint PRIMARY KEY DEFAULT nextval('global_id'),
    rev integer NOT NULL DEFAULT nextval('doc_c_rev')
);
