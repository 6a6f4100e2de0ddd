CREATE TABLE parent (id int, note text);
CREATE TABLE child (extra int) INHERITS (parent);
