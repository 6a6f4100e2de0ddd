-- Unique constraints: add a single-column one, add a multi-column one, drop one; a unique
-- constraint with NULLS NOT DISTINCT (PostgreSQL 15) and one DEFERRABLE.
CREATE TABLE member (
    id integer PRIMARY KEY,
    email text,
    org integer,
    handle text,
    CONSTRAINT member_email_key UNIQUE NULLS NOT DISTINCT (email),
    CONSTRAINT member_org_handle_key UNIQUE (org, handle) DEFERRABLE INITIALLY DEFERRED
);
