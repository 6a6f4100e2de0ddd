-- An enum loses two unused values (so it is recreated) while its labels appear as constants in
-- a check constraint, two partial index predicates (one unique), a column default and a view:
-- each must be dropped and recreated against the new type (an index or check rebuilt by ALTER
-- COLUMN TYPE would still compare with the old, renamed type).
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE parcel (
    id integer PRIMARY KEY,
    state order_state NOT NULL DEFAULT 'new',
    tracking text,
    CONSTRAINT parcel_tracking_when_shipped CHECK (state <> 'shipped' OR tracking IS NOT NULL)
);
CREATE INDEX parcel_open_idx ON parcel (id) WHERE state IN ('new', 'paid');
CREATE UNIQUE INDEX parcel_tracking_shipped ON parcel (tracking) WHERE state = 'shipped';
CREATE VIEW open_parcel AS SELECT id, state FROM parcel WHERE state <> 'shipped';
