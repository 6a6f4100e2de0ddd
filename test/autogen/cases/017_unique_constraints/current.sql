CREATE TABLE member (
    id integer PRIMARY KEY,
    email text,
    org integer,
    handle text,
    CONSTRAINT member_handle_key UNIQUE (handle)
);
INSERT INTO member VALUES (1, 'a@x', 1, 'a'), (2, 'b@x', 1, 'b');
-- expect-rows: SELECT count(*) FROM member => 2
