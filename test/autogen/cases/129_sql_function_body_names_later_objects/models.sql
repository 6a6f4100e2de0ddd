-- SQL functions with string bodies name a view and another function that sort after them: no
-- dependency is recorded for what a string body names, so the script must not rely on order
-- (check_function_bodies is turned off for its transaction, as pg_dump does).
CREATE TABLE account (
    id integer PRIMARY KEY,
    active boolean NOT NULL DEFAULT true
);
CREATE VIEW z_active_account AS SELECT id FROM account WHERE active;
CREATE FUNCTION z_helper_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM z_active_account $$;
CREATE FUNCTION a_active_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT z_helper_count() $$;
