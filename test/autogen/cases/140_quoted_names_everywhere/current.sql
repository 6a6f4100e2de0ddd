CREATE SCHEMA "Sales Data";
CREATE TYPE "Sales Data"."Order State" AS ENUM ('New', 'in progress', 'it''s done');
CREATE TABLE "Sales Data"."Order" (
    "ID" integer PRIMARY KEY,
    "select" text,
    "Qty" integer NOT NULL DEFAULT 1,
    "State" "Sales Data"."Order State" NOT NULL DEFAULT 'New'
);
CREATE TABLE "Sales Data"."Order Line" (
    "Order ID" integer REFERENCES "Sales Data"."Order" ("ID"),
    "Line#" integer,
    PRIMARY KEY ("Order ID", "Line#")
);
CREATE INDEX "Order_Select_IDX" ON "Sales Data"."Order" ("select");
CREATE VIEW "Sales Data"."Open Orders" AS SELECT "ID", "Qty" FROM "Sales Data"."Order" WHERE "State" <> 'it''s done';
INSERT INTO "Sales Data"."Order" VALUES (1, 'x', 2, 'New'), (2, 'y', 5, 'it''s done');
INSERT INTO "Sales Data"."Order Line" VALUES (1, 1), (1, 2);
-- expect-rows: SELECT count(*) FROM "Sales Data"."Order" => 2
-- expect-rows: SELECT count(*) FROM "Sales Data"."Order Line" => 2
