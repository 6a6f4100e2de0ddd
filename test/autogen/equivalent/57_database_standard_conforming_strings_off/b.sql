-- the same without the setting
CREATE TABLE t (p text DEFAULT E'C:\\dir' CHECK (p <> E'\\'));
CREATE VIEW v AS SELECT p FROM t WHERE p LIKE E'%\\%';
