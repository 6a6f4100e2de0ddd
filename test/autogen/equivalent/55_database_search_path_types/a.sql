-- database search_path includes a schema holding the types and functions used by defaults/checks/views
CREATE SCHEMA app;
DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = app, public', current_database()); END$$;
CREATE TYPE app.mood AS ENUM ('a', 'b');
CREATE FUNCTION app.one() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE TABLE public.t (m app.mood DEFAULT 'a', n int DEFAULT app.one() CHECK (n >= app.one()));
CREATE INDEX ON public.t ((n + app.one()));
CREATE VIEW public.v AS SELECT m, app.one() AS o FROM public.t;
CREATE POLICY p ON public.t USING (n = app.one());
CREATE FUNCTION public.trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER tr BEFORE INSERT ON public.t FOR EACH ROW WHEN (NEW.m = 'b'::app.mood) EXECUTE FUNCTION public.trg();
