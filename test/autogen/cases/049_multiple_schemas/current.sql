CREATE SCHEMA sales;
CREATE TABLE sales.region (id integer PRIMARY KEY, name text);
CREATE TABLE public.region (id integer PRIMARY KEY, label text);
INSERT INTO sales.region VALUES (1, 'north');
INSERT INTO public.region VALUES (1, 'x');
-- expect-rows: SELECT (SELECT count(*) FROM sales.region) + (SELECT count(*) FROM public.region) => 2
