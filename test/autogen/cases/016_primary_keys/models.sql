-- Primary keys: add one to a table without, change the columns of one (same name), drop one.
CREATE TABLE event (
    id integer NOT NULL,
    payload text,
    CONSTRAINT event_pkey PRIMARY KEY (id)
);
CREATE TABLE membership (
    group_id integer NOT NULL,
    user_id integer NOT NULL,
    since date,
    CONSTRAINT membership_pkey PRIMARY KEY (group_id, user_id)
);
CREATE TABLE scratch (
    id integer NOT NULL,
    v text
);
