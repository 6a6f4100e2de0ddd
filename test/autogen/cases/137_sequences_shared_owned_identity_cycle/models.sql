-- Sequences shared and owned across tables, on populated tables: a sequence owned by one table
-- and used by two changes its owner to the other table and its increment/cache (ALTER SEQUENCE,
-- never a reset); an identity with custom options (cycle, maxvalue) changes options and cycles
-- no more; a free-standing integer sequence becomes bigint with a new maxvalue and no cycle, and
-- is then used by a new column default (filling the existing row); comments on sequences.
CREATE SEQUENCE batch_seq AS bigint MINVALUE 1 MAXVALUE 99999 NO CYCLE;
CREATE SEQUENCE ticket_no START 1000 INCREMENT 5 CACHE 10;
CREATE TABLE desk_ticket (
    no bigint PRIMARY KEY DEFAULT nextval('ticket_no'),
    subject text
);
CREATE TABLE mail_ticket (
    no bigint PRIMARY KEY DEFAULT nextval('ticket_no'),
    sender text,
    batch bigint DEFAULT nextval('batch_seq')
);
ALTER SEQUENCE ticket_no OWNED BY mail_ticket.no;
CREATE TABLE slot (
    id integer GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 2 MINVALUE 1 MAXVALUE 1000 NO CYCLE CACHE 5) PRIMARY KEY,
    label text
);
COMMENT ON SEQUENCE ticket_no IS 'Ticket numbers, shared by desk and mail';
COMMENT ON SEQUENCE batch_seq IS 'Batch numbers';
