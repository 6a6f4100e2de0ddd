-- add message count to conversations
--
-- Revision ID: 8b04f6e2d7a9
-- Revises: 3e5a9d0f21c4
-- Create Date: 2026-11-24 08:30:12.046577+00:00
-- Branch Labels:
-- Depends On:

-- migrate:upgrade
-- A hand-written data migration: add the column, then backfill it from the existing messages.
ALTER TABLE conversations ADD COLUMN message_count integer NOT NULL DEFAULT 0;

UPDATE conversations AS c
   SET message_count = m.n
  FROM (SELECT conversation_id, count(*) AS n
          FROM messages
         GROUP BY conversation_id) AS m
 WHERE m.conversation_id = c.id;

-- migrate:downgrade
-- The counts can be recomputed from messages at any time, so dropping them loses nothing.
ALTER TABLE conversations DROP COLUMN message_count;
