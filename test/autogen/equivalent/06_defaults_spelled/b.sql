CREATE TABLE t (
    a integer DEFAULT 0::integer, b jsonb DEFAULT '{}'::jsonb, c bool DEFAULT TRUE, d text DEFAULT 'x'::text,
    e numeric(10,2) DEFAULT (1.5), f integer[] DEFAULT '{}'::integer[],
    h int8 DEFAULT (-1), i text, j date DEFAULT current_date
);
