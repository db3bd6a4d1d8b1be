CREATE TABLE endpoint_grants (
  account_id      VARCHAR(12)   NOT NULL REFERENCES accounts (account_id),
  network         VARCHAR(255)  NOT NULL,
  port            INTEGER       NOT NULL,
  endpoint_kind   VARCHAR(16)   NOT NULL,
  granted_by      VARCHAR(2048) NOT NULL,
  creation_millis BIGINT        NOT NULL,
  PRIMARY KEY (account_id, network, port, endpoint_kind)
);
