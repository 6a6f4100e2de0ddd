CREATE SEQUENCE t_g_seq AS integer;
CREATE TABLE t (a character(1), b bit(1), c double precision, d real, e float8, f bigint, g integer NOT NULL DEFAULT nextval('t_g_seq'), h numeric, i varchar(5));
ALTER SEQUENCE t_g_seq OWNED BY t.g;
