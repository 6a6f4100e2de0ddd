CREATE TYPE channel AS ENUM ('email', 'sms', 'push');
CREATE TABLE notification (
    id integer PRIMARY KEY,
    via channel NOT NULL DEFAULT 'email'
);
INSERT INTO notification VALUES (1, 'sms'), (2, 'push');
-- expect-rows: SELECT string_agg(via::text, ',' ORDER BY id) FROM notification => sms,push
