CREATE TABLE t (a timestamp(6), b timestamptz(6), c time(6), d interval(6));
