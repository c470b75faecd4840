-- Questions asked per Vietnam day, answered or not (/stats). One counter row per day.
CREATE TABLE question_tally (
  day text PRIMARY KEY,
  answered integer NOT NULL DEFAULT 0,
  unanswered integer NOT NULL DEFAULT 0
);
