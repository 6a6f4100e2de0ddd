CREATE TABLE t (price numeric(10,2) CHECK (price > 0::numeric), r real DEFAULT '0.1'::real, f double precision DEFAULT 0.001);
