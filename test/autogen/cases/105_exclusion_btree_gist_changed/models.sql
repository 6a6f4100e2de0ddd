-- An exclusion constraint over btree_gist changes (same name): it gains a WHERE predicate
-- (cancelled rows do not count) and becomes DEFERRABLE INITIALLY DEFERRED; a second exclusion
-- constraint on a new text column (btree_gist text equality) is added; a column used by the
-- first changes type (integer -> bigint).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE reservation (
    id integer PRIMARY KEY,
    room_id bigint NOT NULL,
    period daterange NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    guest text,
    CONSTRAINT reservation_no_overlap EXCLUDE USING gist (room_id WITH =, period WITH &&)
        WHERE (NOT cancelled) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reservation_guest_once EXCLUDE USING gist (guest WITH =, period WITH &&)
);
