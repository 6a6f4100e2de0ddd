-- Names needing quotes in every position: unicode schema/table/column names, reserved words
-- ("order", "from", "to", "group", "check"), a name with a double quote inside and one with a
-- trailing space; a column type change, columns added, an FK, a unique constraint, a check,
-- an index and an enum with such names.
CREATE SCHEMA "Ünïcode Schema";
CREATE TYPE "Ünïcode Schema"."Größe" AS ENUM ('klein', 'groß', 'sehr "groß"');
CREATE TABLE "Ünïcode Schema"."Kunden Tabelle" (
    "ID" integer PRIMARY KEY,
    "Straße" varchar(120),
    "order" bigint,
    "日本語" text,
    "say ""hi""" text,
    "trailing " integer,
    "Größe" "Ünïcode Schema"."Größe",
    "group" integer,
    CONSTRAINT "check" CHECK ("order" >= 0),
    CONSTRAINT "Eindeutig ""Straße""" UNIQUE ("Straße", "group")
);
CREATE INDEX "Index für 日本語" ON "Ünïcode Schema"."Kunden Tabelle" ("日本語") WHERE "order" IS NOT NULL;
CREATE TABLE "Ünïcode Schema"."table" (
    "from" integer PRIMARY KEY,
    "to" integer CONSTRAINT "to→Kunde" REFERENCES "Ünïcode Schema"."Kunden Tabelle" ("ID")
);
