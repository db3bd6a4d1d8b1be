CREATE TABLE nodes (
  node_id          VARCHAR(64) NOT NULL PRIMARY KEY,
  started_millis   BIGINT      NOT NULL,
  heartbeat_millis BIGINT      NOT NULL,
  running_jobs     TEXT        NOT NULL
)
