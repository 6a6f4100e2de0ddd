-- Enum values added (Alembic misses this): one at the end, one in the middle (BEFORE), one at
-- the start.  Upgrade in place with ALTER TYPE ... ADD VALUE; the downgrade has to recreate
-- the type (values cannot be removed) and convert the column, keeping the rows.
CREATE TYPE mood AS ENUM ('awful', 'sad', 'meh', 'ok', 'happy', 'ecstatic');
CREATE TABLE diary (
    id integer PRIMARY KEY,
    mood mood NOT NULL
);
