CREATE TABLE t (a int, b text);
CREATE VIEW v AS SELECT t.a AS a, (t.b) AS b FROM public.t WHERE ((t.a > 1) AND (t.b <> 'x'::text));
