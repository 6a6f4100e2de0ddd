-- A primary key widened from (item_id) to (tenant_id, item_id) (same constraint name) while a
-- foreign key references it: the FK must be dropped first, the PK dropped and re-added, the FK
-- re-added on the two columns; on downgrade the reverse order.
CREATE TABLE tenant_item (
    item_id integer NOT NULL,
    tenant_id integer NOT NULL,
    name text,
    CONSTRAINT tenant_item_pkey PRIMARY KEY (tenant_id, item_id)
);
CREATE TABLE tenant_item_tag (
    id integer PRIMARY KEY,
    item_id integer NOT NULL,
    tenant_id integer NOT NULL,
    tag text NOT NULL,
    CONSTRAINT tenant_item_tag_item_fkey FOREIGN KEY (tenant_id, item_id) REFERENCES tenant_item (tenant_id, item_id) ON DELETE CASCADE
);
