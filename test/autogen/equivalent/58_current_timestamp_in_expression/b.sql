CREATE TABLE t (
    id int,
    created timestamp DEFAULT timezone('utc'::text, now()),
    due timestamptz DEFAULT (now() + '1 day'::interval)
);
