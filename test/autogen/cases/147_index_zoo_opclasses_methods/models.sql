-- Index options changing all at once: the opclass changes (text_pattern_ops -> varchar-less
-- default with COLLATE "C"), GIN jsonb_ops -> jsonb_path_ops, BRIN pages_per_range 32 -> 64 and
-- a second BRIN column, a hash index moves to another column, a unique index becomes NULLS NOT
-- DISTINCT, INCLUDE columns change, a GiST trigram index becomes GIN with gin_trgm_ops, a
-- btree_gist multicolumn index gains a fillfactor, a DESC NULLS FIRST index appears; the
-- token column changes type (text -> varchar(64): the hash and unique indexes on it are
-- rebuilt or recreated).  Rows are kept.
CREATE EXTENSION pg_trgm;
CREATE EXTENSION btree_gist;
CREATE TABLE event (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    path text,
    payload jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL,
    token varchar(64),
    room integer,
    span tsrange
);
CREATE INDEX event_path_prefix ON event (path COLLATE "C");
CREATE INDEX event_payload ON event USING gin (payload jsonb_path_ops);
CREATE INDEX event_at_brin ON event USING brin (at, id) WITH (pages_per_range = 64);
CREATE INDEX event_token_hash ON event USING hash (path);
CREATE UNIQUE INDEX event_kind_token ON event (kind, token) NULLS NOT DISTINCT;
CREATE INDEX event_kind_cover ON event (kind) INCLUDE (at, room);
CREATE INDEX event_kind_trgm ON event USING gin (kind gin_trgm_ops);
CREATE INDEX event_room_span ON event USING gist (room, span) WITH (fillfactor = 70);
CREATE INDEX event_at_desc ON event (at DESC NULLS FIRST, id);
