-- A view that an SQL-standard-body function reads and that has an INSTEAD OF trigger is
-- redefined so that it must be dropped and recreated (a column changes type): the function
-- (which depends on the view) and the trigger must be dropped and recreated with it.
CREATE TABLE task (
    id integer PRIMARY KEY,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false
);
CREATE VIEW open_task AS SELECT id::bigint AS id, title FROM task WHERE NOT done;
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
