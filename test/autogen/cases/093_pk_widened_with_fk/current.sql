CREATE TABLE tenant_item (
    item_id integer NOT NULL,
    tenant_id integer NOT NULL,
    name text,
    CONSTRAINT tenant_item_pkey PRIMARY KEY (item_id)
);
CREATE TABLE tenant_item_tag (
    id integer PRIMARY KEY,
    item_id integer NOT NULL,
    tenant_id integer NOT NULL,
    tag text NOT NULL,
    CONSTRAINT tenant_item_tag_item_fkey FOREIGN KEY (item_id) REFERENCES tenant_item (item_id) ON DELETE CASCADE
);
INSERT INTO tenant_item VALUES (1, 10, 'a'), (2, 10, 'b'), (3, 20, 'c');
INSERT INTO tenant_item_tag VALUES (1, 1, 10, 'x'), (2, 3, 20, 'y');
-- expect-rows: SELECT count(*) FROM tenant_item_tag => 2
-- expect-rows: SELECT count(*) FROM tenant_item => 3
