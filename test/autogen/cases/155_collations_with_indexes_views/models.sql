-- Column collations changing with dependents: "C" -> ICU "de-x-icu" on a column used by an index
-- and an ORDER BY view (the view goes around, the index is rebuilt), a default-collation column
-- becomes "C" and gains an index with an explicit different collation, a varchar(10) "C" column
-- widens and becomes "und-x-icu" with its unique index, a new column with "en-x-icu".
CREATE TABLE word (
    id integer PRIMARY KEY,
    w text COLLATE "C" NOT NULL,
    w_de text COLLATE "de-x-icu",
    code varchar(20) COLLATE "und-x-icu",
    w_en text COLLATE "en-x-icu"
);
CREATE INDEX word_w ON word (w);
CREATE INDEX word_w_en ON word (w COLLATE "en-x-icu");
CREATE INDEX word_de ON word (w_de);
CREATE UNIQUE INDEX word_code ON word (code);
CREATE VIEW word_sorted AS SELECT id, w_de FROM word ORDER BY w_de;
