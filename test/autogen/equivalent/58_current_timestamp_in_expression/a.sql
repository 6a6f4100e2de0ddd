CREATE TABLE t (
    id int,
    created timestamp DEFAULT timezone('utc', CURRENT_TIMESTAMP),
    due timestamptz DEFAULT (CURRENT_TIMESTAMP + interval '1 day')
);
