CREATE TABLE continuous_backups (
  recovery_point_id       VARCHAR(36)   NOT NULL PRIMARY KEY,
  vault_name              VARCHAR(50)   NOT NULL,
  resource_arn            VARCHAR(1024) NOT NULL,
  status                  VARCHAR(16)   NOT NULL,
  earliest_restorable_millis BIGINT,
  latest_restorable_millis   BIGINT,
  stream_state            TEXT          NOT NULL
);
CREATE UNIQUE INDEX continuous_backups_by_resource ON continuous_backups (resource_arn, vault_name)
