CREATE TABLE work_claims (
  subject            VARCHAR(64) NOT NULL,
  work               VARCHAR(32) NOT NULL,
  node_id            VARCHAR(64) NOT NULL,
  lease_until_millis BIGINT      NOT NULL,
  PRIMARY KEY (subject, work)
)
