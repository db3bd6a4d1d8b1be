CREATE TABLE host_path_grants (
  account_id      VARCHAR(12)   NOT NULL REFERENCES accounts (account_id),
  path            TEXT          NOT NULL,
  host_path_use   VARCHAR(8)    NOT NULL,
  granted_by      VARCHAR(2048) NOT NULL,
  creation_millis BIGINT        NOT NULL,
  PRIMARY KEY (account_id, path, host_path_use)
);
