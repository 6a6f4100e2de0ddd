CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
CREATE TABLE r (room integer, during tstzrange);
ALTER TABLE r ADD CONSTRAINT r_room_during_excl EXCLUDE USING gist (room WITH =, during WITH &&);
CREATE TABLE g (a integer, b integer GENERATED ALWAYS AS ((a * 2)) STORED);
