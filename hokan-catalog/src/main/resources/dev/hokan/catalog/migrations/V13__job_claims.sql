CREATE TABLE job_claims (
  job_id           VARCHAR(36) NOT NULL PRIMARY KEY,
  job_type         VARCHAR(16) NOT NULL,
  node_id          VARCHAR(64),
  lease_end_millis BIGINT      NOT NULL,
  generation       BIGINT      NOT NULL
);
CREATE INDEX job_claims_by_node ON job_claims (node_id)
