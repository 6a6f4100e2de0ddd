-- Enum values reordered and one dropped: the type must be recreated (rename old, create new,
-- convert the column with its default, index and array column, the view around it dropped and
-- recreated), rows kept because no row uses the dropped value.
CREATE TYPE priority AS ENUM ('low', 'medium', 'high');
CREATE TABLE task (
    id integer PRIMARY KEY,
    prio priority NOT NULL DEFAULT 'medium',
    history priority[]
);
CREATE INDEX task_prio_idx ON task (prio);
CREATE VIEW urgent_task AS SELECT id FROM task WHERE prio = 'high';
