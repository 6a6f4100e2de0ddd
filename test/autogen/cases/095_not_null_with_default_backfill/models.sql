-- A nullable column that holds NULLs becomes NOT NULL and gets a default in the same revision
-- (the usual "make it required, default the old rows" change): the generated upgrade must fill
-- the existing NULLs with the new default before SET NOT NULL (UPDATE ... SET col = DEFAULT
-- WHERE col IS NULL) instead of failing on the NOT NULL; two such columns in one table.
CREATE TABLE subscriber (
    id integer PRIMARY KEY,
    email text NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    score integer NOT NULL DEFAULT 0
);
