-- A CHECK constraint whose expression changes while its name stays (Alembic misses this):
-- must be dropped and re-added.
CREATE TABLE person (
    id integer PRIMARY KEY,
    age integer,
    CONSTRAINT ck_age CHECK (age > 1 AND age < 150)
);
