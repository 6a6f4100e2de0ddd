-- Quoted, mixed-case, reserved-word and space-containing names everywhere: schema, tables,
-- columns, constraints, indexes, an enum with odd labels, a view, a function and a trigger.
CREATE SCHEMA "Shop";
CREATE TYPE "Shop"."Order Status" AS ENUM ('New', 'in progress', 'it''s "done"');
CREATE TABLE "Shop"."Order" (
    "Id" integer PRIMARY KEY,
    "CustomerName" varchar(80),
    "select" integer,
    "Status" "Shop"."Order Status" DEFAULT 'New',
    "user" text,
    CONSTRAINT "Order Select Positive" CHECK ("select" > 0)
);
CREATE TABLE "Shop"."Line Item" (
    "Id" integer PRIMARY KEY,
    "Order Id" integer NOT NULL CONSTRAINT "FK Order" REFERENCES "Shop"."Order" ("Id"),
    "Qty" integer
);
CREATE INDEX "Line Item By Order" ON "Shop"."Line Item" ("Order Id", "Qty");
CREATE VIEW "Shop"."Open Orders" AS SELECT "Id", "CustomerName" FROM "Shop"."Order" WHERE "Status" = 'New';
CREATE FUNCTION "Shop"."Touch"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER "Touch It" BEFORE UPDATE ON "Shop"."Order" FOR EACH ROW EXECUTE FUNCTION "Shop"."Touch"();
