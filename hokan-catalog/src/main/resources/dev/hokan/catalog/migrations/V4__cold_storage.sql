CREATE TABLE released_snapshots (
  vault_name    VARCHAR(50) NOT NULL,
  storage_class VARCHAR(8)  NOT NULL,
  snapshot_id   VARCHAR(64) NOT NULL,
  PRIMARY KEY (vault_name, storage_class, snapshot_id)
)
