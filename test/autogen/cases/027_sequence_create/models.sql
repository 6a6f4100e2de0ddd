-- Standalone sequences with all options: a smallint descending cycling one, a bigint one with
-- a cache, one used by a column default.
CREATE SEQUENCE countdown AS smallint INCREMENT BY -1 MINVALUE -100 MAXVALUE 100 START WITH 100 CYCLE;
CREATE SEQUENCE big_ids AS bigint START WITH 1000000 INCREMENT BY 7 CACHE 20;
CREATE SEQUENCE order_no;
CREATE TABLE t (
    id integer PRIMARY KEY,
    no bigint DEFAULT nextval('order_no')
);
