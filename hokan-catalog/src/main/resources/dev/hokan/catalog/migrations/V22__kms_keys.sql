CREATE TABLE kms_keys (
  key_id               VARCHAR(36)   NOT NULL PRIMARY KEY,
  creation_millis      BIGINT        NOT NULL,
  description          VARCHAR(8192) NOT NULL,
  key_manager          VARCHAR(16)   NOT NULL,
  key_state            VARCHAR(32)   NOT NULL,
  policy               TEXT          NOT NULL,
  rotation_period_days INTEGER,
  next_rotation_millis BIGINT,
  deletion_millis      BIGINT,
  pending_window_days  INTEGER
);
CREATE INDEX kms_keys_by_creation ON kms_keys (creation_millis, key_id);

CREATE TABLE kms_key_versions (
  key_id          VARCHAR(36) NOT NULL,
  version         INTEGER     NOT NULL,
  creation_millis BIGINT      NOT NULL,
  sealed_material TEXT        NOT NULL,
  PRIMARY KEY (key_id, version)
);

CREATE TABLE kms_aliases (
  alias_name      VARCHAR(256) NOT NULL PRIMARY KEY,
  key_id          VARCHAR(36)  NOT NULL,
  creation_millis BIGINT       NOT NULL,
  updated_millis  BIGINT       NOT NULL
);
CREATE INDEX kms_aliases_by_creation ON kms_aliases (creation_millis, alias_name);
CREATE INDEX kms_aliases_by_key ON kms_aliases (key_id);

CREATE TABLE kms_grants (
  grant_id          VARCHAR(64)   NOT NULL PRIMARY KEY,
  key_id            VARCHAR(36)   NOT NULL,
  creation_millis   BIGINT        NOT NULL,
  grant_name        VARCHAR(256),
  grantee_principal VARCHAR(256)  NOT NULL,
  retiring_principal VARCHAR(256),
  issuing_account   VARCHAR(12)   NOT NULL,
  operations        TEXT          NOT NULL,
  constraints       TEXT          NOT NULL
);
CREATE INDEX kms_grants_by_creation ON kms_grants (creation_millis, grant_id);
CREATE INDEX kms_grants_by_key ON kms_grants (key_id, creation_millis, grant_id);
