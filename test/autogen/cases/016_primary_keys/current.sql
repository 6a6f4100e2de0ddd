CREATE TABLE event (
    id integer NOT NULL,
    payload text
);
CREATE TABLE membership (
    group_id integer NOT NULL,
    user_id integer NOT NULL,
    since date,
    CONSTRAINT membership_pkey PRIMARY KEY (group_id)
);
CREATE TABLE scratch (
    id integer PRIMARY KEY,
    v text
);
INSERT INTO event VALUES (1, 'a'), (2, 'b');
INSERT INTO membership VALUES (1, 10, NULL), (2, 10, NULL);
INSERT INTO scratch VALUES (1, 'x');
-- expect-rows: SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM membership) + (SELECT count(*) FROM scratch) => 5
