CREATE TABLE t (a char, b bit, c float, d float(24), e float(53), f int8, g serial4, h dec, i national character varying(5));
