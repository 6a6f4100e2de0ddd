CREATE TYPE legacy_status AS ENUM ('open', 'closed');
CREATE TYPE ticket_status AS ENUM ('open', 'pending', 'closed');
CREATE TABLE ticket (
    id integer PRIMARY KEY,
    status legacy_status NOT NULL DEFAULT 'open',
    prev_status legacy_status
);
CREATE INDEX ticket_status_idx ON ticket (status);
CREATE VIEW open_ticket AS SELECT id FROM ticket WHERE status = 'open';
INSERT INTO ticket VALUES (1, 'open', NULL), (2, 'closed', 'open');
-- expect-rows: SELECT string_agg(id || ':' || status || ':' || COALESCE(prev_status::text, '-'), ',' ORDER BY id) FROM ticket => 1:open:-,2:closed:open
