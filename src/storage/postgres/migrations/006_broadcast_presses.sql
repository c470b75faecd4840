-- People who pressed a button of a broadcast's message after it was sent (once per person).
CREATE TABLE broadcast_presses (
  job_id text NOT NULL REFERENCES broadcast_jobs (id) ON DELETE CASCADE,
  key text NOT NULL,
  PRIMARY KEY (job_id, key)
);
