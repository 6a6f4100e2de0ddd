CREATE TABLE task (id integer PRIMARY KEY, title varchar(50) NOT NULL, done boolean NOT NULL DEFAULT false, est integer);
CREATE VIEW open_task AS SELECT id, title, est FROM task WHERE NOT done;
CREATE VIEW open_task_short AS SELECT id, title FROM open_task WHERE est < 5;
CREATE FUNCTION open_task_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task (id, title, est) VALUES (NEW.id, NEW.title, NEW.est);
    RETURN NEW;
END
$$;
CREATE TRIGGER open_task_ins INSTEAD OF INSERT ON open_task FOR EACH ROW EXECUTE FUNCTION open_task_ins();
CREATE FUNCTION open_tasks_over(n integer) RETURNS SETOF open_task LANGUAGE sql STABLE AS $$ SELECT * FROM open_task WHERE est > n $$;
INSERT INTO task VALUES (1, 'a', false, 3), (2, 'b', true, 8), (3, 'c', false, 9);
-- expect-rows: SELECT string_agg(id::text, ',' ORDER BY id) FROM open_task => 1,3
