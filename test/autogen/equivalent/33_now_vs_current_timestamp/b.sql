CREATE TABLE t (g timestamptz DEFAULT CURRENT_TIMESTAMP, h timestamptz DEFAULT now());
