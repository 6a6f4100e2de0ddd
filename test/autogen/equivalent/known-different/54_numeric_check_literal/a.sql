CREATE TABLE t (price numeric(10,2) CHECK (price > 0), r real DEFAULT 0.1, f float8 DEFAULT 1e-3);
