-- Column defaults from sequences in other schemas: the default switches to a new sequence in a
-- new schema (create schema + sequence before SET DEFAULT, drop the old sequence only after),
-- and a new column takes a default from the old schema's other sequence.
CREATE SCHEMA ids;
CREATE SCHEMA "Numbering";
CREATE SEQUENCE "Numbering"."Order No" AS bigint START 5000 INCREMENT 10;
CREATE SEQUENCE ids.ticket_no;
CREATE TABLE shop_order (
    id integer PRIMARY KEY,
    order_no bigint NOT NULL DEFAULT nextval('"Numbering"."Order No"'),
    ticket integer DEFAULT nextval('ids.ticket_no'),
    note text
);
