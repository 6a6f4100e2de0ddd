-- Sequence options change in place: increment, min/max, start, cache, cycle, data type; one
-- sequence dropped, one added.
CREATE SEQUENCE s1 START WITH 10 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 CACHE 5;
CREATE SEQUENCE s2 AS bigint MAXVALUE 5000000000 CYCLE;
CREATE SEQUENCE s_new AS smallint;
