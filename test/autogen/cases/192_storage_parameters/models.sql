-- Storage parameters set, changed and reset in place (ALTER TABLE ... SET / RESET, TOAST
-- parameters included), on a materialized view and a view (ALTER ... SET, no rebuild), and an
-- index whose fillfactor changes (rebuilt).
CREATE TABLE event (
    id bigint PRIMARY KEY,
    payload text
) WITH (fillfactor = 90, autovacuum_vacuum_threshold = 100);
CREATE TABLE audit (
    id bigint,
    note text
) WITH (toast.autovacuum_enabled = true, toast.autovacuum_vacuum_scale_factor = 0.1);
CREATE INDEX event_payload ON event (payload) WITH (fillfactor = 80);
CREATE MATERIALIZED VIEW event_count WITH (fillfactor = 50) AS SELECT count(*) AS n FROM event;
CREATE VIEW recent_event WITH (security_barrier = true) AS SELECT id, payload FROM event WHERE id > 100;
