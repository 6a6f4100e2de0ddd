CREATE TABLE audit_log (id serial PRIMARY KEY, msg text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE PROCEDURE log_msg(m text) LANGUAGE sql AS $$ INSERT INTO audit_log (msg) VALUES (m) $$;
CREATE PROCEDURE purge_log(keep_days integer) LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM audit_log WHERE at < now() - make_interval(days => keep_days);
END
$$;
CREATE PROCEDURE obsolete_proc() LANGUAGE sql AS $$ SELECT 1 $$;
INSERT INTO audit_log (msg) VALUES ('x');
-- expect-rows: SELECT count(*) FROM audit_log => 1
