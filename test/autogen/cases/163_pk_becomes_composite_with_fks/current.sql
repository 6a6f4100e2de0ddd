CREATE TABLE workspace (id integer PRIMARY KEY, name text);
CREATE TABLE board (
    id integer PRIMARY KEY,
    workspace_id integer NOT NULL REFERENCES workspace (id),
    title text
);
CREATE TABLE card (
    id integer PRIMARY KEY,
    board_id integer NOT NULL REFERENCES board (id) ON DELETE CASCADE,
    workspace_id integer NOT NULL
);
CREATE TABLE card_label (
    board_id integer REFERENCES board (id),
    label text,
    UNIQUE (board_id, label)
);
INSERT INTO workspace VALUES (1, 'w');
INSERT INTO board VALUES (1, 1, 'b1'), (2, 1, 'b2');
INSERT INTO card VALUES (1, 1, 1), (2, 2, 1);
INSERT INTO card_label VALUES (1, 'red');
-- expect-rows: SELECT count(*) FROM card => 2
-- expect-rows: SELECT count(*) FROM card_label => 1
