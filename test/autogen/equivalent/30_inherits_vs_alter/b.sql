CREATE TABLE parent (id int, note text);
CREATE TABLE child (id int, note text, extra int);
ALTER TABLE child INHERIT parent;
