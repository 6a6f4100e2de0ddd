-- café — unicode message 🚀
--
-- Revision ID: ffff0000ffff
-- Revises: 0a1b2c3d4e5f

-- migrate:upgrade
SELECT $tag$ -- migrate:downgrade $tag$, E
, U&"d\0061t\+000061";
-- migrate:downgrade
