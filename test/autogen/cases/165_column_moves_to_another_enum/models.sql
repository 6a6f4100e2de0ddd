-- Columns move from one enum type to another existing enum with a superset of labels (there is
-- no enum-to-enum cast: USING col::text::ticket_status), the default and an index and a view go
-- around, then the old enum is dropped.
CREATE TYPE ticket_status AS ENUM ('open', 'pending', 'closed');
CREATE TABLE ticket (
    id integer PRIMARY KEY,
    status ticket_status NOT NULL DEFAULT 'open',
    prev_status ticket_status
);
CREATE INDEX ticket_status_idx ON ticket (status);
CREATE VIEW open_ticket AS SELECT id FROM ticket WHERE status = 'open';
