CREATE TABLE event (
    id bigint PRIMARY KEY,
    payload text
) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE TABLE audit (
    id bigint,
    note text
) WITH (toast.autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.2);
CREATE INDEX event_payload ON event (payload) WITH (fillfactor = 60);
CREATE MATERIALIZED VIEW event_count WITH (autovacuum_enabled = false) AS SELECT count(*) AS n FROM event;
CREATE VIEW recent_event AS SELECT id, payload FROM event WHERE id > 100;
INSERT INTO event VALUES (1, 'a'), (2, 'b');
INSERT INTO audit VALUES (1, 'x');
-- expect-rows: SELECT count(*) FROM event => 2
-- expect-rows: SELECT note FROM audit WHERE id = 1 => x
