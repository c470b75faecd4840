-- The durable inbox of incoming updates, shared by the instances: an update is appended (and
-- committed) before the platform is told it arrived; `done_at` is set once it was handled.
CREATE TABLE update_inbox (
  channel text NOT NULL,
  id bigint NOT NULL,
  chat_key text NOT NULL,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  PRIMARY KEY (channel, id)
);
-- What a chat still has to handle, in order (the per-chat drain), and replay at start.
CREATE INDEX update_inbox_pending ON update_inbox (channel, chat_key, id) WHERE done_at IS NULL;
CREATE INDEX update_inbox_done ON update_inbox (done_at) WHERE done_at IS NOT NULL;
