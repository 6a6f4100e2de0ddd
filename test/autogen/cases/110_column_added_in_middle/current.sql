CREATE TABLE employee (
    id integer PRIMARY KEY,
    last_name text NOT NULL,
    salary numeric(10,2)
);
INSERT INTO employee VALUES (1, 'Hopper', 1000), (2, 'Knuth', 2000);
-- expect-rows: SELECT string_agg(last_name, ',' ORDER BY id) FROM employee => Hopper,Knuth
