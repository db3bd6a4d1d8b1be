CREATE TABLE restore_checkpoints (
  job_id         VARCHAR(36) NOT NULL PRIMARY KEY,
  files_complete BIGINT      NOT NULL
);
ALTER TABLE sns_deliveries ADD COLUMN claimed_by VARCHAR(64)
