CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE, qty int CHECK (qty > 0));
CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p, code text REFERENCES p (code) ON DELETE CASCADE);
