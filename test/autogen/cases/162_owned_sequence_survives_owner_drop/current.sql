CREATE TABLE legacy_order (
    id serial PRIMARY KEY,
    ref text
);
CREATE TABLE new_order (
    id integer PRIMARY KEY DEFAULT nextval('legacy_order_id_seq'),
    ref text NOT NULL
);
CREATE SEQUENCE audit_seq;
CREATE TABLE audit (
    n bigint DEFAULT nextval('audit_seq'),
    what text
);
ALTER SEQUENCE audit_seq OWNED BY audit.n;
CREATE VIEW all_orders AS SELECT id, ref FROM legacy_order UNION ALL SELECT id, ref FROM new_order;
INSERT INTO legacy_order (ref) VALUES ('L1'), ('L2');
INSERT INTO new_order (ref) VALUES ('N3');
INSERT INTO audit (what) VALUES ('x');
-- expect-rows: SELECT string_agg(id || ref, ',' ORDER BY id) FROM new_order => 3N3
-- expect-rows: SELECT last_value FROM legacy_order_id_seq => 3
