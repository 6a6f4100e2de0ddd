-- Narrowing type changes (flagged as possibly losing data): bigint -> integer,
-- varchar(200) -> varchar(50), numeric(12,4) -> numeric(6,2).  The present values fit.
CREATE TABLE counter (
    id bigint PRIMARY KEY,
    hits integer NOT NULL DEFAULT 0,
    name varchar(50) NOT NULL,
    ratio numeric(6,2)
);
