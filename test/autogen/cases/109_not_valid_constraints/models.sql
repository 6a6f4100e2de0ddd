-- Constraints added NOT VALID on a table whose old rows violate them (the zero-downtime way to
-- add a FK or a check on a big legacy table): the generated ALTER TABLE must keep NOT VALID
-- (adding them validated fails on the existing rows), and the second autogenerate must not see
-- a difference.
CREATE TABLE merchant (id integer PRIMARY KEY);
CREATE TABLE payment (
    id integer PRIMARY KEY,
    merchant_id integer,
    amount numeric(10,2)
);
ALTER TABLE payment ADD CONSTRAINT payment_merchant_fkey
    FOREIGN KEY (merchant_id) REFERENCES merchant (id) NOT VALID;
ALTER TABLE payment ADD CONSTRAINT payment_amount_positive CHECK (amount > 0) NOT VALID;
