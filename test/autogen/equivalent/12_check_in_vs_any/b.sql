CREATE TABLE t (s text, n int);
ALTER TABLE t ADD CONSTRAINT t_s_check CHECK (s = ANY (ARRAY['a'::text, 'b'::text, 'c'::text]));
ALTER TABLE t ADD CONSTRAINT t_n_check CHECK (n >= 1 AND n <= 10);
