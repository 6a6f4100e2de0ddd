CREATE SEQUENCE ticket_no START 1000 INCREMENT 1;
CREATE TABLE desk_ticket (
    no bigint PRIMARY KEY DEFAULT nextval('ticket_no'),
    subject text
);
ALTER SEQUENCE ticket_no OWNED BY desk_ticket.no;
CREATE TABLE mail_ticket (
    no bigint PRIMARY KEY DEFAULT nextval('ticket_no'),
    sender text
);
CREATE TABLE slot (
    id integer GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 MAXVALUE 100 CYCLE) PRIMARY KEY,
    label text
);
CREATE SEQUENCE batch_seq AS integer MINVALUE 1 MAXVALUE 999 CYCLE;
INSERT INTO desk_ticket (subject) VALUES ('a'), ('b');
INSERT INTO mail_ticket (sender) VALUES ('x');
INSERT INTO slot (label) VALUES ('s1'), ('s2'), ('s3');
SELECT nextval('batch_seq');
-- expect-rows: SELECT last_value FROM ticket_no => 1002
-- expect-rows: SELECT string_agg(no::text, ',' ORDER BY no) FROM (SELECT no FROM desk_ticket UNION ALL SELECT no FROM mail_ticket) s => 1000,1001,1002
-- expect-rows: SELECT string_agg(id || label, ',' ORDER BY id) FROM slot => 1s1,2s2,3s3
