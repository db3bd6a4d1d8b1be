CREATE TABLE report_plans (
  name                   VARCHAR(256)  NOT NULL PRIMARY KEY,
  arn                    VARCHAR(1024) NOT NULL,
  description            VARCHAR(1024),
  setting                TEXT          NOT NULL,
  delivery_channel       TEXT          NOT NULL,
  creation_millis        BIGINT        NOT NULL,
  last_attempted_millis  BIGINT,
  last_successful_millis BIGINT,
  daily_until_millis     BIGINT        NOT NULL
);

CREATE TABLE report_jobs (
  job_id              VARCHAR(64)   NOT NULL PRIMARY KEY,
  plan_name           VARCHAR(256)  NOT NULL,
  report_plan_arn     VARCHAR(1024) NOT NULL,
  template            VARCHAR(64)   NOT NULL,
  status              VARCHAR(16)   NOT NULL,
  status_message      VARCHAR(2048),
  creation_millis     BIGINT        NOT NULL,
  completion_millis   BIGINT,
  period_start_millis BIGINT        NOT NULL,
  period_end_millis   BIGINT        NOT NULL,
  s3_bucket           VARCHAR(255)  NOT NULL,
  s3_keys             TEXT,
  node_id             VARCHAR(64)
);
CREATE INDEX report_jobs_by_plan ON report_jobs (plan_name, creation_millis, job_id);
CREATE INDEX report_jobs_by_status ON report_jobs (status, creation_millis, job_id)
