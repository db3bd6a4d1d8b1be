CREATE TABLE restore_testing_plans (
  name                   VARCHAR(50)   NOT NULL PRIMARY KEY,
  arn                    VARCHAR(1024) NOT NULL,
  creation_millis        BIGINT        NOT NULL,
  creator_request_id     VARCHAR(50),
  last_update_millis     BIGINT,
  last_execution_millis  BIGINT,
  schedule_anchor_millis BIGINT        NOT NULL,
  evaluated_until_millis BIGINT        NOT NULL,
  document               TEXT          NOT NULL
);

CREATE TABLE restore_testing_selections (
  plan_name          VARCHAR(50)  NOT NULL,
  name               VARCHAR(50)  NOT NULL,
  creation_millis    BIGINT       NOT NULL,
  creator_request_id VARCHAR(50),
  last_update_millis BIGINT,
  document           TEXT         NOT NULL,
  PRIMARY KEY (plan_name, name)
);

ALTER TABLE restore_jobs ADD COLUMN restore_testing_plan_arn VARCHAR(1024);
ALTER TABLE restore_jobs ADD COLUMN validation_status VARCHAR(16);
ALTER TABLE restore_jobs ADD COLUMN validation_status_message VARCHAR(2048);
ALTER TABLE restore_jobs ADD COLUMN validation_window_hours INTEGER;
ALTER TABLE restore_jobs ADD COLUMN validation_window_end_millis BIGINT;
ALTER TABLE restore_jobs ADD COLUMN deletion_status VARCHAR(16);
ALTER TABLE restore_jobs ADD COLUMN deletion_status_message VARCHAR(2048);
ALTER TABLE restore_jobs ADD COLUMN rpo_millis BIGINT;
ALTER TABLE restore_jobs ADD COLUMN rto_millis BIGINT;
CREATE INDEX restore_jobs_by_testing_plan ON restore_jobs (restore_testing_plan_arn, creation_millis, job_id);
