-- A domain over an enum: the enum gains a value in the middle, the domain gains a check
-- constraint that excludes one label, and its default changes; a table uses both the domain
-- and the enum directly.
CREATE TYPE priority AS ENUM ('low', 'normal', 'urgent', 'high');
CREATE DOMAIN ticket_priority AS priority NOT NULL DEFAULT 'low'
    CONSTRAINT ticket_priority_not_urgent CHECK (VALUE <> 'urgent');
CREATE TABLE ticket (
    id integer PRIMARY KEY,
    prio ticket_priority,
    escalated priority
);
