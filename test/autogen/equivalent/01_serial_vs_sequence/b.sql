-- the same spelled out: sequence + default + OWNED BY + NOT NULL
CREATE SEQUENCE t_id_seq AS integer;
CREATE SEQUENCE t_n_seq;
CREATE TABLE t (
    id integer NOT NULL DEFAULT nextval('t_id_seq'::regclass),
    n bigint NOT NULL DEFAULT nextval('t_n_seq'),
    note text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);
ALTER SEQUENCE t_id_seq OWNED BY t.id;
ALTER SEQUENCE t_n_seq OWNED BY t.n;
