CREATE TABLE t (a int, b text);
CREATE INDEX t_a_idx ON t USING btree (a ASC);
CREATE INDEX t_lower_idx ON public.t (lower(b) NULLS LAST);
CREATE UNIQUE INDEX t_b_idx ON t (b) WHERE (a > 0);
