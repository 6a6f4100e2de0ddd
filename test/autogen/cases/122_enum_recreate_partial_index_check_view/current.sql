CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped', 'lost', 'returned');
CREATE TABLE parcel (
    id integer PRIMARY KEY,
    state order_state NOT NULL DEFAULT 'new',
    tracking text,
    CONSTRAINT parcel_tracking_when_shipped CHECK (state <> 'shipped' OR tracking IS NOT NULL)
);
CREATE INDEX parcel_open_idx ON parcel (id) WHERE state IN ('new', 'paid');
CREATE UNIQUE INDEX parcel_tracking_shipped ON parcel (tracking) WHERE state = 'shipped';
CREATE VIEW open_parcel AS SELECT id, state FROM parcel WHERE state <> 'shipped';
INSERT INTO parcel VALUES (1, 'new', NULL), (2, 'shipped', 'T-1'), (3, 'paid', NULL);
-- expect-rows: SELECT count(*) FROM parcel => 3
-- expect-rows: SELECT string_agg(state::text, ',' ORDER BY id) FROM parcel => new,shipped,paid
