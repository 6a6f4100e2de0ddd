CREATE TABLE t (g timestamptz DEFAULT now(), h timestamptz DEFAULT now());
