-- a hand-written schema; b.sql is `pg_dump --schema-only --no-owner` of it (with the
-- \restrict / \unrestrict psql meta-commands of pg_dump 15.14+ removed)
CREATE EXTENSION citext;
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('new', 'open', 'done');
CREATE DOMAIN app.email AS citext CHECK (VALUE LIKE '%@%');
CREATE TABLE app.users (id bigserial PRIMARY KEY, email app.email NOT NULL UNIQUE, created timestamptz NOT NULL DEFAULT now());
CREATE TABLE app.tasks (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app.users ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) > 0),
    status app.status NOT NULL DEFAULT 'new',
    tags text[] DEFAULT '{}',
    slug text GENERATED ALWAYS AS (lower(title)) STORED
);
CREATE INDEX ON app.tasks (user_id, status) WHERE status <> 'done';
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.title := trim(NEW.title);
    RETURN NEW;
END
$$;
CREATE TRIGGER tasks_touch BEFORE INSERT OR UPDATE ON app.tasks FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE VIEW app.open_tasks AS SELECT t.id, t.title, u.email FROM app.tasks t JOIN app.users u ON u.id = t.user_id WHERE t.status = 'open';
CREATE MATERIALIZED VIEW app.counts AS SELECT user_id, count(*) AS n FROM app.tasks GROUP BY user_id;
ALTER TABLE app.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.tasks USING (user_id = current_setting('app.uid')::bigint);
COMMENT ON TABLE app.tasks IS 'to do';
CREATE TABLE public.events (id bigint, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
