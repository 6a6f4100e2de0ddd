CREATE TABLE base (id int PRIMARY KEY, code text NOT NULL DEFAULT 'x' CHECK (code <> ''), UNIQUE (code));
CREATE INDEX ON base (lower(code));
COMMENT ON COLUMN base.code IS 'the code';
CREATE TABLE copy (id int PRIMARY KEY, code text NOT NULL DEFAULT 'x', CONSTRAINT base_code_check CHECK (code <> ''), UNIQUE (code));
CREATE INDEX ON copy (lower(code));
COMMENT ON COLUMN copy.code IS 'the code';
