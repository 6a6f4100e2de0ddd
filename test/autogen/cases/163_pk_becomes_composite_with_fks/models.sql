-- Multi-tenant retrofit: a primary key changes columns (id -> (workspace_id, id)) while two
-- tables reference it (the FKs depend on the PK's index: they are dropped first and recreated as
-- composite FKs against the new key, one of them also MATCH FULL + ON DELETE CASCADE); the new
-- FK column on card_label is added with a default; the old unique becomes NULLS NOT DISTINCT.
CREATE TABLE workspace (id integer PRIMARY KEY, name text);
CREATE TABLE board (
    id integer NOT NULL,
    workspace_id integer NOT NULL REFERENCES workspace (id),
    title text,
    CONSTRAINT board_pkey PRIMARY KEY (workspace_id, id)
);
CREATE TABLE card (
    id integer PRIMARY KEY,
    board_id integer NOT NULL,
    workspace_id integer NOT NULL,
    CONSTRAINT card_board_fkey FOREIGN KEY (workspace_id, board_id) REFERENCES board (workspace_id, id) MATCH FULL ON DELETE CASCADE
);
CREATE TABLE card_label (
    workspace_id integer NOT NULL DEFAULT 1,
    board_id integer,
    label text,
    CONSTRAINT card_label_board_id_label_key UNIQUE NULLS NOT DISTINCT (board_id, label),
    CONSTRAINT card_label_board_fkey FOREIGN KEY (workspace_id, board_id) REFERENCES board (workspace_id, id)
);
