CREATE TABLE copy_jobs (
  job_id                         VARCHAR(36)   NOT NULL PRIMARY KEY,
  source_vault_name              VARCHAR(50)   NOT NULL,
  source_recovery_point_id       VARCHAR(36)   NOT NULL,
  destination_vault_arn          VARCHAR(1024) NOT NULL,
  destination_recovery_point_id  VARCHAR(36)   NOT NULL,
  destination_recovery_point_arn VARCHAR(1024),
  resource_arn                   VARCHAR(1024) NOT NULL,
  resource_type                  VARCHAR(50)   NOT NULL,
  resource_name                  VARCHAR(128)  NOT NULL,
  iam_role_arn                   VARCHAR(1024) NOT NULL,
  state                          VARCHAR(16)   NOT NULL,
  status_message                 VARCHAR(2048),
  creation_millis                BIGINT        NOT NULL,
  completion_millis              BIGINT,
  backup_size_bytes              BIGINT        NOT NULL,
  bytes_transferred              BIGINT        NOT NULL,
  cold_after_days                BIGINT,
  delete_after_days              BIGINT,
  opt_in_to_archive              SMALLINT,
  backup_plan_id                 VARCHAR(36),
  backup_plan_version            VARCHAR(64),
  backup_rule_id                 VARCHAR(64),
  created_by_backup_job_id       VARCHAR(36)
);
CREATE INDEX copy_jobs_by_creation ON copy_jobs (creation_millis, job_id);
CREATE INDEX copy_jobs_by_state ON copy_jobs (state, creation_millis);
CREATE INDEX copy_jobs_by_source_point ON copy_jobs (source_recovery_point_id, state);
CREATE INDEX copy_jobs_by_destination ON copy_jobs (destination_vault_arn, state);

ALTER TABLE recovery_points ADD COLUMN source_vault_arn VARCHAR(1024)
