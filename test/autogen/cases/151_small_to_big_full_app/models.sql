-- Small -> big: one populated table grows into a forum application in one revision: two
-- extensions (citext, "uuid-ossp" in its own schema), two schemas, enum, domain, composite type,
-- tables with uuid/identity PKs, FK cycle (deferrable), partial and expression indexes, a
-- function overloaded twice, a trigger, a view chain with a materialized view and its unique
-- index, RLS with a policy, comments; the populated table gains a NOT NULL column with a default.
CREATE SCHEMA ext;
CREATE EXTENSION "uuid-ossp" SCHEMA ext;
CREATE EXTENSION citext;
CREATE SCHEMA forum;
CREATE TYPE forum.post_kind AS ENUM ('question', 'answer', 'comment');
CREATE DOMAIN forum.score AS integer DEFAULT 0 CHECK (VALUE BETWEEN -1000 AND 1000);
CREATE TYPE forum.vote_pair AS (up integer, down integer);
CREATE TABLE member (
    id integer PRIMARY KEY,
    handle text NOT NULL,
    email citext,
    karma forum.score NOT NULL
);
CREATE UNIQUE INDEX member_email_key ON member (email) WHERE email IS NOT NULL;
CREATE INDEX member_handle_lower ON member (lower(handle));
CREATE TABLE forum.thread (
    id uuid PRIMARY KEY DEFAULT ext.uuid_generate_v4(),
    title text NOT NULL,
    author_id integer NOT NULL REFERENCES member (id),
    accepted_post bigint
);
CREATE TABLE forum.post (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id uuid NOT NULL REFERENCES forum.thread (id) ON DELETE CASCADE,
    author_id integer REFERENCES member (id) ON DELETE SET NULL,
    kind forum.post_kind NOT NULL,
    body text NOT NULL,
    votes forum.vote_pair,
    score forum.score,
    edited_at timestamptz
);
ALTER TABLE forum.thread ADD CONSTRAINT thread_accepted_fk FOREIGN KEY (accepted_post)
    REFERENCES forum.post (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX post_thread_kind ON forum.post (thread_id, kind) WHERE kind <> 'comment';
CREATE FUNCTION forum.net(v forum.vote_pair) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT COALESCE(v.up, 0) - COALESCE(v.down, 0) $$;
CREATE FUNCTION forum.net(up integer, down integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT up - down $$;
CREATE FUNCTION forum.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.edited_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER post_touch BEFORE UPDATE OF body ON forum.post FOR EACH ROW EXECUTE FUNCTION forum.touch();
CREATE VIEW forum.post_net AS SELECT id, thread_id, author_id, forum.net(votes) AS net FROM forum.post;
CREATE VIEW forum.member_net AS SELECT m.id, m.handle, COALESCE(sum(p.net), 0) AS net FROM member m LEFT JOIN forum.post_net p ON p.author_id = m.id GROUP BY m.id, m.handle;
CREATE MATERIALIZED VIEW forum.leaderboard AS SELECT id, handle, net FROM forum.member_net ORDER BY net DESC;
CREATE UNIQUE INDEX leaderboard_id ON forum.leaderboard (id);
ALTER TABLE forum.post ENABLE ROW LEVEL SECURITY;
CREATE POLICY post_author ON forum.post FOR UPDATE
    USING (author_id = current_setting('forum.member', true)::integer);
CREATE POLICY post_read ON forum.post FOR SELECT USING (true);
COMMENT ON SCHEMA forum IS 'Q&A forum';
COMMENT ON TYPE forum.post_kind IS 'kinds of post';
COMMENT ON DOMAIN forum.score IS 'bounded score';
COMMENT ON COLUMN member.karma IS 'reputation';
