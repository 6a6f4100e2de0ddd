-- View options: WITH LOCAL CHECK OPTION and security_invoker added, security_barrier added,
-- CASCADED CHECK OPTION removed.
CREATE TABLE secret (
    id integer PRIMARY KEY,
    level integer NOT NULL,
    body text
);
CREATE VIEW low_secret WITH (security_invoker = true) AS
    SELECT id, level, body FROM secret WHERE level < 5 WITH LOCAL CHECK OPTION;
CREATE VIEW barrier WITH (security_barrier = true) AS SELECT id FROM secret;
