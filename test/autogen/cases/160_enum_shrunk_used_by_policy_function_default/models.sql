-- An enum loses an unused value that a restrictive policy names (the policy changes too) while
-- the enum is used by a column default, an array column with an array default, a function with
-- a default argument of the enum type, a permissive policy calling that function with a cast,
-- and a view: the type is recreated with every dependent dropped first and rebuilt after.
CREATE TYPE visibility AS ENUM ('public', 'internal', 'private');
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
CREATE POLICY note_no_secret ON note AS RESTRICTIVE FOR INSERT WITH CHECK (vis <> 'private');
CREATE VIEW public_note AS SELECT id, body FROM note WHERE vis = 'public';
