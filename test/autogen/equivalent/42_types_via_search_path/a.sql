CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('a', 'b');
CREATE DOMAIN app.pos AS int CHECK (VALUE > 0);
CREATE TABLE public.t (m app.mood DEFAULT 'a'::app.mood, p app.pos, ms app.mood[]);
CREATE FUNCTION public.f(m app.mood) RETURNS app.pos LANGUAGE sql AS 'SELECT 1::app.pos';
CREATE VIEW public.v AS SELECT m, p FROM public.t WHERE m = 'b'::app.mood;
