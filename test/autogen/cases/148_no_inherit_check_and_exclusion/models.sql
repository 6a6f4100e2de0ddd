-- A CHECK ... NO INHERIT on a parent with an inheriting child (the child must not get it), a
-- normal inherited check added at the same time, the exclusion constraint gains a WHERE clause
-- and a deferrable mode (drop + add), a new exclusion constraint on the child, and the
-- resource_id column changes type on the parent (recursing to the child, exclusion rebuilt).
CREATE EXTENSION btree_gist;
CREATE TABLE resource (id integer PRIMARY KEY, kind text NOT NULL);
CREATE TABLE booking (
    id integer PRIMARY KEY,
    resource_id bigint NOT NULL REFERENCES resource (id),
    during tstzrange NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (resource_id WITH =, during WITH &&) WHERE (NOT cancelled) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT booking_live_only CHECK (NOT cancelled OR id > 0) NO INHERIT,
    CONSTRAINT booking_bounded CHECK (NOT (upper_inf(during) OR lower_inf(during)))
);
CREATE TABLE booking_archive (
    CONSTRAINT archive_one_per_resource EXCLUDE USING gist (resource_id WITH =, during WITH &&)
) INHERITS (booking);
