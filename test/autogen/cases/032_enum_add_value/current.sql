CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE diary (
    id integer PRIMARY KEY,
    mood mood NOT NULL
);
INSERT INTO diary VALUES (1, 'sad'), (2, 'happy'), (3, 'ok');
-- expect-rows: SELECT string_agg(mood::text, ',' ORDER BY id) FROM diary => sad,happy,ok
