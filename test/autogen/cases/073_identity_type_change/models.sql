-- An identity column widened from integer to bigint: PostgreSQL changes the type of its
-- sequence (and its maximum) with it; the comparison must agree on both sides.
CREATE TABLE big_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind integer NOT NULL
);
