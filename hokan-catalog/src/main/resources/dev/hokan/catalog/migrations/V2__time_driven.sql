ALTER TABLE backup_jobs ADD COLUMN start_after_millis BIGINT;
ALTER TABLE backup_jobs ADD COLUMN backup_plan_id VARCHAR(36);
ALTER TABLE backup_jobs ADD COLUMN backup_plan_version VARCHAR(64);
ALTER TABLE backup_jobs ADD COLUMN backup_rule_id VARCHAR(64);

ALTER TABLE recovery_points ADD COLUMN backup_plan_version VARCHAR(64);
ALTER TABLE recovery_points ADD COLUMN backup_rule_id VARCHAR(64);
ALTER TABLE recovery_points ADD COLUMN storage_class VARCHAR(8) NOT NULL DEFAULT 'WARM';
ALTER TABLE recovery_points ADD COLUMN cold_at_millis BIGINT;
ALTER TABLE recovery_points ADD COLUMN expires_at_millis BIGINT;
ALTER TABLE recovery_points ADD COLUMN lifecycle_paused_millis BIGINT NOT NULL DEFAULT 0;
ALTER TABLE recovery_points ADD COLUMN paused_since_millis BIGINT;
ALTER TABLE recovery_points ADD COLUMN expiry_delay_millis BIGINT NOT NULL DEFAULT 0;
UPDATE recovery_points SET expires_at_millis = delete_at_millis;
CREATE INDEX recovery_points_by_expiry ON recovery_points (expires_at_millis);
CREATE INDEX recovery_points_by_cold_at ON recovery_points (cold_at_millis);

CREATE TABLE events (
  event_id        VARCHAR(36)   NOT NULL PRIMARY KEY,
  creation_millis BIGINT        NOT NULL,
  event_type      VARCHAR(64)   NOT NULL,
  resource_arn    VARCHAR(1024),
  actor           VARCHAR(1024) NOT NULL,
  message         VARCHAR(2048),
  details         TEXT          NOT NULL
);
CREATE INDEX events_by_creation ON events (creation_millis, event_id);
CREATE INDEX events_by_type ON events (event_type, creation_millis, event_id)
