CREATE TABLE vault_storage_history (
  vault_name         VARCHAR(50) NOT NULL,
  sample_day         VARCHAR(10) NOT NULL,
  sampled_millis     BIGINT      NOT NULL,
  recovery_points    BIGINT      NOT NULL,
  backup_size_bytes  BIGINT      NOT NULL,
  deduplicated_bytes BIGINT      NOT NULL,
  stored_bytes       BIGINT      NOT NULL,
  PRIMARY KEY (vault_name, sample_day)
);
