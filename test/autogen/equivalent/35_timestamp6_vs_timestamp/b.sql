CREATE TABLE t (a timestamp, b timestamptz, c time, d interval);
