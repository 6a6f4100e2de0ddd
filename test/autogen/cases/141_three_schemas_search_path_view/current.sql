CREATE SCHEMA core;
CREATE SCHEMA crm;
CREATE SCHEMA reporting;
CREATE TABLE core.org (
    id integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE crm.contact (
    id integer PRIMARY KEY,
    org_id integer REFERENCES core.org (id),
    email text
);
CREATE TYPE core.tier AS ENUM ('free', 'paid');
CREATE FUNCTION core.tier_of(o integer) RETURNS core.tier LANGUAGE sql STABLE AS $$ SELECT 'free'::core.tier $$;
SET search_path = crm, core;
CREATE VIEW reporting.contacts_per_org AS
    SELECT org.id, org.name, tier_of(org.id) AS tier, count(contact.id) AS contacts
    FROM org LEFT JOIN contact ON contact.org_id = org.id GROUP BY org.id, org.name;
RESET search_path;
INSERT INTO core.org VALUES (1, 'o1'), (2, 'o2');
INSERT INTO crm.contact VALUES (1, 1, 'a@x'), (2, 1, 'b@x');
-- expect-rows: SELECT string_agg(id || ':' || contacts, ',' ORDER BY id) FROM reporting.contacts_per_org => 1:2,2:0
