CREATE TABLE member (id integer PRIMARY KEY, handle text NOT NULL);
INSERT INTO member VALUES (1, 'ann'), (2, 'bob');
-- expect-rows: SELECT string_agg(handle, ',' ORDER BY id) FROM member => ann,bob
