CREATE TABLE task (
    id integer PRIMARY KEY,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false
);
CREATE VIEW open_task AS SELECT id, title FROM task WHERE NOT done;
CREATE FUNCTION open_task_count() RETURNS bigint
    LANGUAGE sql STABLE
    BEGIN ATOMIC
        SELECT count(*) FROM open_task;
    END;
CREATE FUNCTION open_task_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task (id, title) VALUES (NEW.id, NEW.title);
    RETURN NEW;
END
$$;
CREATE TRIGGER open_task_insert INSTEAD OF INSERT ON open_task
    FOR EACH ROW EXECUTE FUNCTION open_task_insert();
INSERT INTO task VALUES (1, 'write', false), (2, 'read', true);
-- expect-rows: SELECT count(*) FROM task => 2
