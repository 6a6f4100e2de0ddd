CREATE TABLE counter (
    id bigint PRIMARY KEY,
    hits bigint NOT NULL DEFAULT 0,
    name varchar(200) NOT NULL,
    ratio numeric(12,4)
);
INSERT INTO counter VALUES (1, 5, 'home', 0.5), (2, 70, 'about', 1.25);
-- expect-rows: SELECT string_agg(hits::text || name, ',' ORDER BY id) FROM counter => 5home,70about
