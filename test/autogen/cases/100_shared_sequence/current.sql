CREATE SEQUENCE global_id;
CREATE TABLE doc_a (id bigint PRIMARY KEY DEFAULT nextval('global_id'), body text);
CREATE TABLE doc_b (id bigint PRIMARY KEY DEFAULT nextval('global_id'), body text);
CREATE TABLE doc_old (id bigint PRIMARY KEY DEFAULT nextval('global_id'));
INSERT INTO doc_a (body) VALUES ('x');
INSERT INTO doc_b (body) VALUES ('y');
-- expect-rows: SELECT count(*) FROM doc_a => 1
-- expect-rows: SELECT id FROM doc_b => 2
