CREATE TABLE schedule_cursors (
  plan_id                VARCHAR(36) NOT NULL PRIMARY KEY,
  evaluated_until_millis BIGINT      NOT NULL
)
