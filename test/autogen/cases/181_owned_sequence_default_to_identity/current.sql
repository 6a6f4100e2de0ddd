-- A column fed by a sequence with a custom name, owned by the column, that has advanced past
-- the rows (ids 1..3 were used, some numbers were burnt).
CREATE SEQUENCE ticket_no_seq START 1;
CREATE TABLE ticket (id bigint PRIMARY KEY DEFAULT nextval('ticket_no_seq'), title text);
ALTER SEQUENCE ticket_no_seq OWNED BY ticket.id;
INSERT INTO ticket (title) VALUES ('a'), ('b'), ('c');
SELECT setval('ticket_no_seq', 40);
-- expect-rows: SELECT count(*) || '/' || max(id) FROM ticket => 3/3
-- expect-rows: SELECT pg_sequence_last_value(pg_get_serial_sequence('public.ticket', 'id')::regclass) >= (SELECT max(id) FROM ticket) => t
