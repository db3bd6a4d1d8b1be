CREATE TABLE legal_holds (
  legal_hold_id       VARCHAR(36)   NOT NULL PRIMARY KEY,
  title               VARCHAR(256)  NOT NULL,
  description         VARCHAR(1024) NOT NULL,
  status              VARCHAR(16)   NOT NULL,
  creation_millis     BIGINT        NOT NULL,
  selection           TEXT          NOT NULL,
  cancel_description  VARCHAR(1024),
  cancellation_millis BIGINT,
  retain_until_millis BIGINT
);
CREATE INDEX legal_holds_by_status ON legal_holds (status, cancellation_millis);

CREATE TABLE legal_hold_points (
  legal_hold_id     VARCHAR(36) NOT NULL,
  recovery_point_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (legal_hold_id, recovery_point_id)
);
CREATE INDEX legal_hold_points_by_point ON legal_hold_points (recovery_point_id, legal_hold_id);

CREATE TABLE vault_locks (
  vault_name         VARCHAR(50) NOT NULL PRIMARY KEY,
  min_retention_days BIGINT,
  max_retention_days BIGINT,
  lock_date_millis   BIGINT,
  creation_millis    BIGINT      NOT NULL
)
