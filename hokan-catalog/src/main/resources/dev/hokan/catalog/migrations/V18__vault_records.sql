CREATE TABLE vault_record_queue (
  vault_name        VARCHAR(50)  NOT NULL,
  recovery_point_id VARCHAR(100) NOT NULL,
  version           BIGINT       NOT NULL,
  PRIMARY KEY (vault_name, recovery_point_id)
);
INSERT INTO vault_record_queue (vault_name, recovery_point_id, version) SELECT name, '', 1 FROM vaults;
INSERT INTO vault_record_queue (vault_name, recovery_point_id, version)
  SELECT vault_name, recovery_point_id, 1 FROM recovery_points
