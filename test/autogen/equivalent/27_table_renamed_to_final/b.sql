-- the pkey index keeps the name tmp_pkey after the rename
CREATE TABLE t (id int CONSTRAINT tmp_pkey PRIMARY KEY, val text);
CREATE INDEX t_val_idx ON t (val);
