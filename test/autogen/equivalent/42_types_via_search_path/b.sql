CREATE SCHEMA app;
SET search_path TO app, public;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE DOMAIN pos AS int CHECK (VALUE > 0);
CREATE TABLE public.t (m mood DEFAULT 'a', p pos, ms mood[]);
CREATE FUNCTION public.f(m mood) RETURNS pos LANGUAGE sql AS 'SELECT 1::app.pos';
CREATE VIEW public.v AS SELECT m, p FROM t WHERE m = 'b';
