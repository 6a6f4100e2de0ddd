-- An enum loses an unused value and gains one in the middle (so it is recreated, not altered)
-- while it is used by a domain (with a default and a check naming a removed label), plain and
-- array columns, a check comparing two columns by enum order, an SQL function's signature used
-- in a view, a plpgsql function's signature and return type, and a partial index predicate:
-- everything is dropped and rebuilt against the new type, the rows are kept.
CREATE TYPE priority AS ENUM ('low', 'normal', 'elevated', 'high', 'urgent');
CREATE DOMAIN ticket_priority AS priority NOT NULL DEFAULT 'normal';
CREATE TABLE ticket (
    id integer PRIMARY KEY,
    prio ticket_priority,
    escalated_to priority,
    history priority[] NOT NULL DEFAULT '{}',
    CONSTRAINT ticket_escalation_check CHECK (escalated_to IS NULL OR escalated_to > prio::priority)
);
CREATE FUNCTION is_hot(p priority) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT p >= 'high' $$;
CREATE FUNCTION bump(p priority) RETURNS priority LANGUAGE plpgsql AS $$
BEGIN
    RETURN CASE p WHEN 'low' THEN 'normal' WHEN 'normal' THEN 'elevated' WHEN 'elevated' THEN 'high' ELSE 'urgent' END;
END
$$;
CREATE VIEW hot_ticket AS SELECT id, prio FROM ticket WHERE is_hot(prio);
CREATE INDEX ticket_urgent_idx ON ticket (id) WHERE prio::priority = 'urgent';
