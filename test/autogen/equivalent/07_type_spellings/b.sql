CREATE TABLE t (a integer, b character varying(10), c timestamp with time zone, d numeric(8,3), e boolean, f double precision, g real, h smallint,
  i character(3), j varbit(5), k timetz, l timestamp without time zone, m float8[], n varchar);
