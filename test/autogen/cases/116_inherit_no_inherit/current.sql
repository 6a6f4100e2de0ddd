CREATE TABLE base_entity (
    id integer NOT NULL,
    created_at timestamptz
);
CREATE TABLE customer_entity (
    id integer NOT NULL,
    created_at timestamptz,
    name text
);
CREATE TABLE legacy_entity (
    extra text
) INHERITS (base_entity);
INSERT INTO customer_entity VALUES (1, NULL, 'c');
INSERT INTO legacy_entity VALUES (2, NULL, 'l');
-- expect-rows: SELECT count(*) FROM customer_entity => 1
-- expect-rows: SELECT count(*) FROM legacy_entity => 1
