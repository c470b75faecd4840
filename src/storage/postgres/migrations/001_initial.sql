-- Loa's schema, first version. Rows keep the domain record as `doc` (jsonb, round-trips exactly)
-- next to the columns the queries filter, join or order on; those columns are indexed.
-- Instants the domain keeps as ISO-8601 strings are `text` (they sort correctly as text).

-- Once-per-database facts, e.g. ('seeded', ...) written by the first instance that seeds.
CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE TABLE programmes (
  id text PRIMARY KEY,
  doc jsonb NOT NULL
);

CREATE TABLE events (
  id text PRIMARY KEY,
  version integer NOT NULL,
  province_id text NOT NULL,
  date text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX events_province ON events (province_id);

-- `seq` keeps the order of first sighting (lists come out in the order the lowdb files keep).
CREATE TABLE users (
  key text PRIMARY KEY,
  seq bigserial NOT NULL,
  channel text NOT NULL,
  lang text,
  blocked_at text,
  last_seen text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX users_lang ON users (lang);
CREATE INDEX users_last_seen ON users (last_seen);

CREATE TABLE unanswered (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  user_key text NOT NULL,
  at text NOT NULL,
  handled_at text,
  doc jsonb NOT NULL
);
CREATE INDEX unanswered_open ON unanswered (seq DESC) WHERE handled_at IS NULL;
CREATE INDEX unanswered_user ON unanswered (user_key, at);

CREATE TABLE subscriptions (
  user_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('event', 'province')),
  target text NOT NULL,
  lang text NOT NULL,
  created_at text NOT NULL,
  seq bigserial NOT NULL,
  PRIMARY KEY (user_key, kind, target)
);
-- forEvent / forProvinces / counts per target.
CREATE INDEX subscriptions_target ON subscriptions (kind, target);

CREATE TABLE eligibility_results (
  user_key text PRIMARY KEY,
  event_id text,
  verdict text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX eligibility_event_verdict ON eligibility_results (event_id, verdict);

CREATE TABLE admins (
  user_id bigint PRIMARY KEY,
  seq bigserial NOT NULL,
  doc jsonb NOT NULL
);

CREATE TABLE audit (
  seq bigserial PRIMARY KEY,
  doc jsonb NOT NULL
);

CREATE TABLE pending_actions (
  token text PRIMARY KEY,
  actor_id bigint NOT NULL,
  expires_at text NOT NULL,
  used_at text,
  doc jsonb NOT NULL
);
CREATE INDEX pending_actions_expires ON pending_actions (expires_at);

-- grammY sessions, conversation state and Zalo chat state: one row per (store, key).
CREATE TABLE kv_sessions (
  store text NOT NULL,
  key text NOT NULL,
  value jsonb NOT NULL,
  PRIMARY KEY (store, key)
);

CREATE TABLE broadcast_jobs (
  id text PRIMARY KEY,
  created_at text NOT NULL,
  state text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX broadcast_jobs_recent ON broadcast_jobs (created_at DESC, id DESC);
CREATE INDEX broadcast_jobs_state ON broadcast_jobs (state);

-- The frozen audience of a job, in order.
CREATE TABLE broadcast_recipients (
  job_id text NOT NULL REFERENCES broadcast_jobs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  key text NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- Final results, one per recipient: the first one logged wins (a resend after a crash adds none).
CREATE TABLE broadcast_outcomes (
  job_id text NOT NULL REFERENCES broadcast_jobs (id) ON DELETE CASCADE,
  key text NOT NULL,
  seq bigserial NOT NULL,
  result text NOT NULL,
  error text,
  PRIMARY KEY (job_id, key)
);
CREATE INDEX broadcast_outcomes_order ON broadcast_outcomes (job_id, seq);
CREATE INDEX broadcast_outcomes_result ON broadcast_outcomes (job_id, result);

-- Zalo message ids already handled (a redelivered message is answered once).
CREATE TABLE zalo_seen (
  id text PRIMARY KEY,
  at timestamptz NOT NULL
);
CREATE INDEX zalo_seen_at ON zalo_seen (at);
