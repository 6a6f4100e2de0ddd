-- Procedures: one's body changes and it gains a defaulted parameter (a new signature: DROP
-- PROCEDURE + CREATE), one gains an INOUT parameter, one gets SECURITY DEFINER and SET, one is
-- dropped (DROP PROCEDURE, not DROP FUNCTION).
CREATE TABLE audit_log (id serial PRIMARY KEY, msg text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE PROCEDURE log_msg(m text, level text DEFAULT 'info')
    LANGUAGE sql AS $$ INSERT INTO audit_log (msg) VALUES (level || ': ' || m) $$;
CREATE PROCEDURE purge_log(keep_days integer, INOUT deleted integer DEFAULT NULL)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    DELETE FROM audit_log WHERE at < now() - make_interval(days => keep_days);
    GET DIAGNOSTICS deleted = ROW_COUNT;
END
$$;
