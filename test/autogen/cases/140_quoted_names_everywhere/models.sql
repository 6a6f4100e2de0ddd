-- Names needing quotes everywhere (mixed case, spaces, a reserved word, '#', quotes in enum
-- labels and comments): the Qty column changes type (the view using it goes around), a new
-- enum label with a quote is added in place, a check and an FK action change on quoted
-- constraint names, a quoted function with a quoted parameter, a trigger and a policy with
-- spaces in their names, and comments on all of them.
CREATE SCHEMA "Sales Data";
CREATE TYPE "Sales Data"."Order State" AS ENUM ('New', 'in progress', 'on "hold"', 'it''s done');
CREATE TABLE "Sales Data"."Order" (
    "ID" integer PRIMARY KEY,
    "select" text,
    "Qty" numeric(8,2) NOT NULL DEFAULT 1,
    "State" "Sales Data"."Order State" NOT NULL DEFAULT 'New',
    CONSTRAINT "Qty Positive" CHECK ("Qty" > 0)
);
CREATE TABLE "Sales Data"."Order Line" (
    "Order ID" integer,
    "Line#" integer,
    PRIMARY KEY ("Order ID", "Line#"),
    CONSTRAINT "Line -> Order" FOREIGN KEY ("Order ID") REFERENCES "Sales Data"."Order" ("ID") ON DELETE CASCADE
);
CREATE INDEX "Order_Select_IDX" ON "Sales Data"."Order" ("select", "Qty");
CREATE VIEW "Sales Data"."Open Orders" AS SELECT "ID", "Qty" FROM "Sales Data"."Order" WHERE "State" <> 'it''s done';
CREATE FUNCTION "Sales Data"."Touch Order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."select" := lower(NEW."select");
    RETURN NEW;
END
$$;
CREATE TRIGGER "Lower Select" BEFORE INSERT OR UPDATE ON "Sales Data"."Order" FOR EACH ROW EXECUTE FUNCTION "Sales Data"."Touch Order"();
ALTER TABLE "Sales Data"."Order" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Only Open" ON "Sales Data"."Order" FOR SELECT USING ("State" <> 'it''s done');
COMMENT ON SCHEMA "Sales Data" IS 'Sales "data"';
COMMENT ON TABLE "Sales Data"."Order" IS 'It''s the order table';
COMMENT ON COLUMN "Sales Data"."Order"."select" IS 'reserved word';
COMMENT ON CONSTRAINT "Qty Positive" ON "Sales Data"."Order" IS 'no zero';
COMMENT ON TRIGGER "Lower Select" ON "Sales Data"."Order" IS 'normalises';
COMMENT ON POLICY "Only Open" ON "Sales Data"."Order" IS 'hide done';
COMMENT ON INDEX "Sales Data"."Order_Select_IDX" IS 'index';
COMMENT ON VIEW "Sales Data"."Open Orders" IS 'open';
COMMENT ON TYPE "Sales Data"."Order State" IS 'states';
