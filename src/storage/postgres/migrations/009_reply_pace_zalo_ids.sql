-- Several instances, continued (numbered 009 to stay clear of other branches' next files).

-- The per-chat reply pace the instances share: the next free send slot (epoch ms, the
-- database's clock) of each chat that was answered lately. Rows past their slot are pruned.
CREATE TABLE reply_pace (
  channel text NOT NULL,
  chat_id text NOT NULL,
  next_ms double precision NOT NULL,
  PRIMARY KEY (channel, chat_id)
);
CREATE INDEX reply_pace_next ON reply_pace (next_ms);

-- Zalo message ids are strings; the shared inbox keys updates by a number per channel. Each
-- Zalo message id gets one number here, in order of first arrival at any instance, so a
-- redelivery (to any instance) maps to the same inbox row and is dropped there.
CREATE TABLE zalo_update_ids (
  message_id text PRIMARY KEY,
  id bigserial NOT NULL UNIQUE,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zalo_update_ids_at ON zalo_update_ids (at);
