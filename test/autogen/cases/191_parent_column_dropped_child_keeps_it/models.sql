-- A column that stops being inherited but stays in a child: the parent drops legacy_ref with
-- ALTER TABLE ONLY (a plain DROP COLUMN would take the children's copies and their data along),
-- invoice keeps it as its own column with its values, memo drops it too; letter stops
-- inheriting from document (NO INHERIT) and keeps all its columns and rows.
CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL
);
CREATE TABLE invoice (
    legacy_ref text,
    amount numeric(10,2)
) INHERITS (document);
CREATE TABLE memo (
    body text
) INHERITS (document);
CREATE TABLE letter (
    id integer NOT NULL,
    title text NOT NULL,
    legacy_ref text,
    recipient text
);
