CREATE TABLE vaults (
  name                 VARCHAR(50)  NOT NULL PRIMARY KEY,
  creation_millis      BIGINT       NOT NULL,
  creator_request_id   VARCHAR(50),
  encryption_key_arn   VARCHAR(1024) NOT NULL,
  recovery_point_count BIGINT       NOT NULL
);

CREATE TABLE tags (
  resource_arn VARCHAR(1024) NOT NULL,
  tag_key      VARCHAR(128)  NOT NULL,
  tag_value    VARCHAR(256)  NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
);

CREATE TABLE resources (
  arn                 VARCHAR(1024) NOT NULL PRIMARY KEY,
  resource_type       VARCHAR(50)   NOT NULL,
  name                VARCHAR(128)  NOT NULL,
  location            VARCHAR(4096) NOT NULL,
  registration_millis BIGINT        NOT NULL
);

CREATE TABLE backup_plans (
  plan_id               VARCHAR(36)  NOT NULL PRIMARY KEY,
  version_id            VARCHAR(64)  NOT NULL,
  creation_millis       BIGINT       NOT NULL,
  deletion_millis       BIGINT,
  creator_request_id    VARCHAR(50),
  last_execution_millis BIGINT
);

CREATE TABLE backup_plan_versions (
  plan_id         VARCHAR(36) NOT NULL,
  version_id      VARCHAR(64) NOT NULL,
  document        TEXT        NOT NULL,
  creation_millis BIGINT      NOT NULL,
  PRIMARY KEY (plan_id, version_id)
);

CREATE TABLE backup_selections (
  selection_id       VARCHAR(36) NOT NULL PRIMARY KEY,
  plan_id            VARCHAR(36) NOT NULL,
  document           TEXT        NOT NULL,
  creation_millis    BIGINT      NOT NULL,
  creator_request_id VARCHAR(50)
);
CREATE INDEX backup_selections_by_plan ON backup_selections (plan_id, creation_millis, selection_id);

CREATE TABLE backup_jobs (
  job_id              VARCHAR(36)   NOT NULL PRIMARY KEY,
  vault_name          VARCHAR(50)   NOT NULL,
  resource_arn        VARCHAR(1024) NOT NULL,
  resource_type       VARCHAR(50)   NOT NULL,
  resource_name       VARCHAR(128)  NOT NULL,
  iam_role_arn        VARCHAR(1024) NOT NULL,
  state               VARCHAR(16)   NOT NULL,
  status_message      VARCHAR(2048),
  creation_millis     BIGINT        NOT NULL,
  start_by_millis     BIGINT        NOT NULL,
  complete_by_millis  BIGINT,
  completion_millis   BIGINT,
  percent_done        DOUBLE PRECISION NOT NULL,
  bytes_transferred   BIGINT        NOT NULL,
  backup_size_bytes   BIGINT        NOT NULL,
  recovery_point_id   VARCHAR(36),
  cold_after_days     BIGINT,
  delete_after_days   BIGINT,
  opt_in_to_archive   SMALLINT,
  recovery_point_tags TEXT          NOT NULL
);
CREATE INDEX backup_jobs_by_creation ON backup_jobs (creation_millis, job_id);
CREATE INDEX backup_jobs_by_state ON backup_jobs (state, creation_millis);

CREATE TABLE recovery_points (
  recovery_point_id VARCHAR(36)   NOT NULL PRIMARY KEY,
  vault_name        VARCHAR(50)   NOT NULL,
  resource_arn      VARCHAR(1024) NOT NULL,
  resource_type     VARCHAR(50)   NOT NULL,
  resource_name     VARCHAR(128)  NOT NULL,
  snapshot_id       VARCHAR(128)  NOT NULL,
  status            VARCHAR(16)   NOT NULL,
  status_message    VARCHAR(2048),
  creation_millis   BIGINT        NOT NULL,
  completion_millis BIGINT        NOT NULL,
  backup_size_bytes BIGINT        NOT NULL,
  file_count        BIGINT        NOT NULL,
  source_location   VARCHAR(4096) NOT NULL,
  cold_after_days   BIGINT,
  delete_after_days BIGINT,
  opt_in_to_archive SMALLINT,
  delete_at_millis  BIGINT,
  iam_role_arn      VARCHAR(1024) NOT NULL,
  backup_job_id     VARCHAR(36)   NOT NULL,
  backup_plan_id    VARCHAR(36),
  last_restore_millis BIGINT
);
CREATE INDEX recovery_points_by_vault ON recovery_points (vault_name, creation_millis, recovery_point_id);
CREATE INDEX recovery_points_by_delete_at ON recovery_points (delete_at_millis);
CREATE INDEX recovery_points_by_resource ON recovery_points (resource_arn, creation_millis, recovery_point_id);
CREATE INDEX recovery_points_by_vault_resource ON recovery_points (vault_name, resource_arn, creation_millis);

CREATE TABLE restore_jobs (
  job_id              VARCHAR(36)   NOT NULL PRIMARY KEY,
  recovery_point_id   VARCHAR(36)   NOT NULL,
  vault_name          VARCHAR(50)   NOT NULL,
  source_resource_arn VARCHAR(1024) NOT NULL,
  resource_type       VARCHAR(50)   NOT NULL,
  status              VARCHAR(16)   NOT NULL,
  status_message      VARCHAR(2048),
  creation_millis     BIGINT        NOT NULL,
  completion_millis   BIGINT,
  percent_done        DOUBLE PRECISION NOT NULL,
  backup_size_bytes   BIGINT        NOT NULL,
  iam_role_arn        VARCHAR(1024),
  created_resource_arn VARCHAR(1024),
  metadata            TEXT          NOT NULL,
  recovery_point_creation_millis BIGINT NOT NULL
);
CREATE INDEX restore_jobs_by_creation ON restore_jobs (creation_millis, job_id);
CREATE INDEX restore_jobs_by_resource ON restore_jobs (source_resource_arn, creation_millis, job_id);

CREATE TABLE idempotency_tokens (
  operation       VARCHAR(64)   NOT NULL,
  token           VARCHAR(128)  NOT NULL,
  fingerprint     VARCHAR(64)   NOT NULL,
  result_id       VARCHAR(1024) NOT NULL,
  creation_millis BIGINT        NOT NULL,
  PRIMARY KEY (operation, token)
);

CREATE TABLE settings (
  name  VARCHAR(128) NOT NULL PRIMARY KEY,
  value TEXT         NOT NULL
)
