CREATE TABLE subscription (
    id integer PRIMARY KEY,
    user_id integer NOT NULL,
    plan text NOT NULL,
    cancelled_at timestamptz
);
CREATE INDEX subscription_user_idx ON subscription (user_id);
CREATE INDEX subscription_plan_idx ON subscription (plan);
INSERT INTO subscription VALUES (1, 1, 'pro', NULL), (2, 1, 'free', now()), (3, 2, 'pro', NULL);
-- expect-rows: SELECT count(*) FROM subscription => 3
