-- Inheritance links changing on populated tables: a standalone table with the parent's columns
-- starts inheriting (ALTER TABLE ... INHERIT), a child stops inheriting (ALTER TABLE ... NO
-- INHERIT, its columns stay as its own); no table may be dropped and recreated.
CREATE TABLE base_entity (
    id integer NOT NULL,
    created_at timestamptz
);
CREATE TABLE customer_entity (
    name text
) INHERITS (base_entity);
CREATE TABLE legacy_entity (
    id integer NOT NULL,
    created_at timestamptz,
    extra text
);
