-- Base columns of a view change type (varchar(50) -> text, integer -> numeric(6,1)): the view's
-- column types change, which CREATE OR REPLACE VIEW refuses, so the view is dropped with
-- everything on it: a dependent view, an INSTEAD OF trigger and a function returning SETOF the
-- view's row type (DROP + CREATE of the function too), and all are recreated; the dependent view
-- also gains a column.
CREATE TABLE task (id integer PRIMARY KEY, title text NOT NULL, done boolean NOT NULL DEFAULT false, est numeric(6,1));
CREATE VIEW open_task AS SELECT id, title, est FROM task WHERE NOT done;
CREATE VIEW open_task_short AS SELECT id, title, est FROM open_task WHERE est < 5;
CREATE FUNCTION open_task_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task (id, title, est) VALUES (NEW.id, NEW.title, NEW.est);
    RETURN NEW;
END
$$;
CREATE TRIGGER open_task_ins INSTEAD OF INSERT ON open_task FOR EACH ROW EXECUTE FUNCTION open_task_ins();
CREATE FUNCTION open_tasks_over(n integer) RETURNS SETOF open_task LANGUAGE sql STABLE AS $$ SELECT * FROM open_task WHERE est > n $$;
