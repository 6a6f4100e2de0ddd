CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE ~ '@');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE DOMAIN old_code AS varchar(10);
CREATE TABLE signup (
    id positive PRIMARY KEY,
    address email NOT NULL,
    code old_code
);
INSERT INTO signup VALUES (1, 'a@example.com', 'x'), (2, 'b@example.com', NULL);
-- expect-rows: SELECT count(*) FROM signup => 2
