CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
CREATE DOMAIN ticket_priority AS priority NOT NULL DEFAULT 'normal';
CREATE TABLE ticket (
    id integer PRIMARY KEY,
    prio ticket_priority,
    escalated priority
);
INSERT INTO ticket VALUES (1, 'low', NULL), (2, 'high', 'high');
-- expect-rows: SELECT count(*) FROM ticket => 2
-- expect-rows: SELECT prio::text FROM ticket WHERE id = 2 => high
