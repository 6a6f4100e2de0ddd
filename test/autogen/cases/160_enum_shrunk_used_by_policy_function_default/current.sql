CREATE TYPE visibility AS ENUM ('public', 'internal', 'private', 'secret');
CREATE TABLE note (
    id integer PRIMARY KEY,
    vis visibility NOT NULL DEFAULT 'internal',
    vis_history visibility[] DEFAULT ARRAY['internal']::visibility[],
    body text
);
CREATE FUNCTION can_see(v visibility, lvl visibility DEFAULT 'internal') RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT v <= lvl $$;
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY note_visible ON note FOR SELECT
    USING (can_see(vis, COALESCE(NULLIF(current_setting('app.level', true), ''), 'internal')::visibility));
CREATE POLICY note_no_secret ON note AS RESTRICTIVE FOR INSERT WITH CHECK (vis <> 'secret');
CREATE VIEW public_note AS SELECT id, body FROM note WHERE vis = 'public';
INSERT INTO note (id, vis, body) VALUES (1, 'public', 'hi'), (2, 'private', 'psst');
-- expect-rows: SELECT string_agg(id || ':' || vis || ':' || vis_history::text, ',' ORDER BY id) FROM note => 1:public:{internal},2:private:{internal}
