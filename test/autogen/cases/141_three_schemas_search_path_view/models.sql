-- Objects in three schemas with cross references, the views written with unqualified names
-- under a search_path (the stored definitions must be rendered schema-qualified, since the
-- migration runs with the default search_path): the referenced PK changes type (FK from crm,
-- view in reporting go around), the enum in core gains a value, the function in core changes
-- its body, a second reporting view on the first is added, a crm table gets an FK to a new
-- table in reporting, a name exists in two schemas (crm.note, reporting.note).
CREATE SCHEMA core;
CREATE SCHEMA crm;
CREATE SCHEMA reporting;
CREATE TABLE core.org (
    id bigint PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE crm.contact (
    id integer PRIMARY KEY,
    org_id bigint REFERENCES core.org (id),
    email text
);
CREATE TYPE core.tier AS ENUM ('free', 'paid', 'enterprise');
CREATE FUNCTION core.tier_of(o bigint) RETURNS core.tier LANGUAGE sql STABLE AS $$ SELECT CASE WHEN o > 100 THEN 'paid'::core.tier ELSE 'free'::core.tier END $$;
CREATE TABLE reporting.note (id integer PRIMARY KEY, body text);
CREATE TABLE crm.note (
    id integer PRIMARY KEY,
    contact_id integer REFERENCES crm.contact (id),
    report_note integer REFERENCES reporting.note (id)
);
SET search_path = crm, core;
CREATE VIEW reporting.contacts_per_org AS
    SELECT org.id, org.name, tier_of(org.id) AS tier, count(contact.id) AS contacts
    FROM org LEFT JOIN contact ON contact.org_id = org.id GROUP BY org.id, org.name;
SET search_path = reporting, crm;
CREATE VIEW reporting.busy_org AS
    SELECT c.id, c.name, (SELECT count(*) FROM note) AS notes FROM contacts_per_org c WHERE c.contacts > 1;
RESET search_path;
