-- Drop a table (with its serial sequence, index and foreign key); the other table keeps its rows.
CREATE TABLE keep (id integer PRIMARY KEY, v text);
