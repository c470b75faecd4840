-- Several instances on one database.

-- Broadcast claims: an instance claims a batch of recipients (FOR UPDATE SKIP LOCKED) for a
-- lease; `done` is set when the recipient's outcome is logged. A dead instance's claims expire
-- with their lease and the others take them over.
ALTER TABLE broadcast_recipients
  ADD COLUMN done boolean NOT NULL DEFAULT false,
  ADD COLUMN claimed_by text,
  ADD COLUMN claimed_until timestamptz;
CREATE INDEX broadcast_recipients_open ON broadcast_recipients (job_id, seq) WHERE NOT done;

-- The shared pace of a channel: the next free send slot (epoch ms) and a 429 pause, so the
-- instances together stay under the channel's rate.
CREATE TABLE rate_pace (
  channel text PRIMARY KEY,
  next_ms double precision NOT NULL DEFAULT 0,
  paused_until_ms double precision NOT NULL DEFAULT 0
);
