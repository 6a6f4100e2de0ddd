-- serial and bigserial columns added to a populated table (sequence owned by the column,
-- default nextval, NOT NULL), and a new table with a smallserial key.
CREATE TABLE thing (
    name text NOT NULL,
    id serial,
    big_id bigserial
);
CREATE TABLE tag (
    id smallserial PRIMARY KEY,
    label text
);
