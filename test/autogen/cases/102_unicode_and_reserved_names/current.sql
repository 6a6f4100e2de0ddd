CREATE SCHEMA "Ünïcode Schema";
CREATE TABLE "Ünïcode Schema"."Kunden Tabelle" (
    "ID" integer PRIMARY KEY,
    "Straße" text,
    "order" integer,
    "日本語" text
);
CREATE TABLE "Ünïcode Schema"."table" (
    "from" integer PRIMARY KEY,
    "to" integer
);
INSERT INTO "Ünïcode Schema"."Kunden Tabelle" VALUES (1, 'Hauptstraße', 1, 'こんにちは');
-- expect-rows: SELECT "日本語" FROM "Ünïcode Schema"."Kunden Tabelle" => こんにちは
