-- An enum value added AND used in the same change (a new default and a partial index
-- predicate name the new value): ALTER TYPE ... ADD VALUE cannot be followed by a use of the
-- value in the same transaction, so the upgrade must commit the new value first or recreate.
CREATE TYPE order_state AS ENUM ('draft', 'open', 'closed');
CREATE TABLE shop_order (
    id integer PRIMARY KEY,
    state order_state NOT NULL DEFAULT 'draft'
);
CREATE INDEX shop_order_drafts_idx ON shop_order (id) WHERE state = 'draft';
