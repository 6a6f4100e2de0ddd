CREATE TYPE priority AS ENUM ('low', 'normal', 'high', 'urgent', 'legacy');
CREATE DOMAIN ticket_priority AS priority NOT NULL DEFAULT 'normal' CHECK (VALUE <> 'legacy');
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
    RETURN CASE p WHEN 'low' THEN 'normal' WHEN 'normal' THEN 'high' ELSE 'urgent' END;
END
$$;
CREATE VIEW hot_ticket AS SELECT id, prio FROM ticket WHERE is_hot(prio);
CREATE INDEX ticket_urgent_idx ON ticket (id) WHERE prio::priority = 'urgent';
INSERT INTO ticket VALUES (1, 'low', NULL, '{}'), (2, 'high', 'urgent', '{low,normal}'), (3, 'urgent', NULL, '{high}');
-- expect-rows: SELECT string_agg(prio::text || '/' || COALESCE(escalated_to::text, '-') || '/' || history::text, ',' ORDER BY id) FROM ticket => low/-/{},high/urgent/{low,normal},urgent/-/{high}
-- expect-rows: SELECT string_agg(id::text, ',' ORDER BY id) FROM hot_ticket => 2,3
