--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app;


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: email; Type: DOMAIN; Schema: app; Owner: -
--

CREATE DOMAIN app.email AS public.citext
	CONSTRAINT email_check CHECK ((VALUE OPERATOR(public.~~) '%@%'::public.citext));


--
-- Name: status; Type: TYPE; Schema: app; Owner: -
--

CREATE TYPE app.status AS ENUM (
    'new',
    'open',
    'done'
);


--
-- Name: touch(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.title := trim(NEW.title);
    RETURN NEW;
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: tasks; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.tasks (
    id integer NOT NULL,
    user_id bigint NOT NULL,
    title text NOT NULL,
    status app.status DEFAULT 'new'::app.status NOT NULL,
    tags text[] DEFAULT '{}'::text[],
    slug text GENERATED ALWAYS AS (lower(title)) STORED,
    CONSTRAINT tasks_title_check CHECK ((length(title) > 0))
);


--
-- Name: TABLE tasks; Type: COMMENT; Schema: app; Owner: -
--

COMMENT ON TABLE app.tasks IS 'to do';


--
-- Name: counts; Type: MATERIALIZED VIEW; Schema: app; Owner: -
--

CREATE MATERIALIZED VIEW app.counts AS
 SELECT tasks.user_id,
    count(*) AS n
   FROM app.tasks
  GROUP BY tasks.user_id
  WITH NO DATA;


--
-- Name: users; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.users (
    id bigint NOT NULL,
    email app.email NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: open_tasks; Type: VIEW; Schema: app; Owner: -
--

CREATE VIEW app.open_tasks AS
 SELECT t.id,
    t.title,
    u.email
   FROM (app.tasks t
     JOIN app.users u ON ((u.id = t.user_id)))
  WHERE (t.status = 'open'::app.status);


--
-- Name: tasks_id_seq; Type: SEQUENCE; Schema: app; Owner: -
--

ALTER TABLE app.tasks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME app.tasks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: app; Owner: -
--

CREATE SEQUENCE app.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: app; Owner: -
--

ALTER SEQUENCE app.users_id_seq OWNED BY app.users.id;


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id bigint NOT NULL,
    at date NOT NULL
)
PARTITION BY RANGE (at);


--
-- Name: events_2024; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events_2024 (
    id bigint NOT NULL,
    at date NOT NULL
);


--
-- Name: events_2024; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: users id; Type: DEFAULT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.users ALTER COLUMN id SET DEFAULT nextval('app.users_id_seq'::regclass);


--
-- Name: tasks tasks_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (id);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);


--
-- Name: events_2024 events_2024_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events_2024
    ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, at);


--
-- Name: tasks_user_id_status_idx; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX tasks_user_id_status_idx ON app.tasks USING btree (user_id, status) WHERE (status <> 'done'::app.status);


--
-- Name: events_2024_pkey; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;


--
-- Name: tasks tasks_touch; Type: TRIGGER; Schema: app; Owner: -
--

CREATE TRIGGER tasks_touch BEFORE INSERT OR UPDATE ON app.tasks FOR EACH ROW EXECUTE FUNCTION app.touch();


--
-- Name: tasks tasks_user_id_fkey; Type: FK CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.tasks
    ADD CONSTRAINT tasks_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE;


--
-- Name: tasks own; Type: POLICY; Schema: app; Owner: -
--

CREATE POLICY own ON app.tasks USING ((user_id = (current_setting('app.uid'::text))::bigint));


--
-- Name: tasks; Type: ROW SECURITY; Schema: app; Owner: -
--

ALTER TABLE app.tasks ENABLE ROW LEVEL SECURITY;

--
-- PostgreSQL database dump complete
--


