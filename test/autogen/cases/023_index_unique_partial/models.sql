-- Indexes: a plain index becomes a UNIQUE partial index (same name), a new partial index,
-- a dropped index.
CREATE TABLE subscription (
    id integer PRIMARY KEY,
    user_id integer NOT NULL,
    plan text NOT NULL,
    cancelled_at timestamptz
);
CREATE UNIQUE INDEX subscription_user_idx ON subscription (user_id) WHERE cancelled_at IS NULL;
CREATE INDEX subscription_cancelled_idx ON subscription (cancelled_at) WHERE cancelled_at IS NOT NULL;
