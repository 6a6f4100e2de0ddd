CREATE SCHEMA "Shop";
CREATE TABLE "Shop"."Order" (
    "Id" integer PRIMARY KEY,
    "CustomerName" text,
    "select" integer
);
INSERT INTO "Shop"."Order" VALUES (1, 'Ann', 1);
-- expect-rows: SELECT count(*) FROM "Shop"."Order" => 1
