-- Column defaults: changed constant, dropped default, added function default, added default
-- with an expression.
CREATE TABLE job (
    id integer PRIMARY KEY,
    state text DEFAULT 'pending',
    priority integer,
    created_at timestamptz DEFAULT now(),
    retries integer DEFAULT (1 + 2)
);
