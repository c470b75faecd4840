-- Care-desk tickets (questions handed to a person) and the prompt messages that name them.
CREATE TABLE handoff_tickets (
  id text PRIMARY KEY,
  created_at text NOT NULL,
  doc jsonb NOT NULL
);
CREATE TABLE handoff_prompts (
  chat_id text NOT NULL,
  message_id integer NOT NULL,
  ticket_id text NOT NULL REFERENCES handoff_tickets (id) ON DELETE CASCADE,
  PRIMARY KEY (chat_id, message_id)
);
