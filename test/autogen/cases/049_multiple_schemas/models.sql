-- Several schemas: same table name in two schemas changed differently, a new schema with a
-- table referencing across schemas, a type in one schema used in another, a cross-schema view.
CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE TYPE hr.grade AS ENUM ('junior', 'senior');
CREATE TABLE sales.region (id integer PRIMARY KEY, name text, manager_id integer);
CREATE TABLE public.region (id integer PRIMARY KEY, label text NOT NULL DEFAULT '');
CREATE TABLE hr.staff (
    id integer PRIMARY KEY,
    region_id integer REFERENCES sales.region (id),
    grade hr.grade
);
CREATE VIEW public.staff_region AS
    SELECT s.id, r.name FROM hr.staff s JOIN sales.region r ON r.id = s.region_id;
