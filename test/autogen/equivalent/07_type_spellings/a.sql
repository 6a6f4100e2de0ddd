CREATE TABLE t (a int4, b varchar(10), c timestamptz, d decimal(8,3), e bool, f float8, g float4, h int2,
  i char(3), j bit varying(5), k time with time zone, l timestamp, m double precision[], n character varying);
