CREATE TYPE priority AS ENUM ('high', 'low', 'medium', 'obsolete');
CREATE TABLE task (
    id integer PRIMARY KEY,
    prio priority NOT NULL DEFAULT 'medium',
    history priority[]
);
CREATE INDEX task_prio_idx ON task (prio);
CREATE VIEW urgent_task AS SELECT id FROM task WHERE prio = 'high';
INSERT INTO task VALUES (1, 'high', '{low,high}'), (2, 'low', NULL), (3, 'medium', '{}');
-- expect-rows: SELECT string_agg(prio::text, ',' ORDER BY id) FROM task => high,low,medium
