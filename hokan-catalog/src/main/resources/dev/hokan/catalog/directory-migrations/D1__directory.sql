CREATE TABLE accounts (
  account_id      VARCHAR(12)  NOT NULL PRIMARY KEY,
  name            VARCHAR(128) NOT NULL,
  creation_millis BIGINT       NOT NULL
);

CREATE TABLE principals (
  arn             VARCHAR(2048) NOT NULL PRIMARY KEY,
  account_id      VARCHAR(12)   NOT NULL REFERENCES accounts (account_id),
  kind            VARCHAR(8)    NOT NULL,
  name            VARCHAR(64)   NOT NULL,
  creation_millis BIGINT        NOT NULL
);

CREATE TABLE access_keys (
  access_key_id     VARCHAR(32)   NOT NULL PRIMARY KEY,
  secret_access_key VARCHAR(128)  NOT NULL,
  principal_arn     VARCHAR(2048) NOT NULL REFERENCES principals (arn),
  creation_millis   BIGINT        NOT NULL
);

CREATE TABLE identity_policies (
  principal_arn VARCHAR(2048) NOT NULL REFERENCES principals (arn),
  policy_name   VARCHAR(128)  NOT NULL,
  document      TEXT          NOT NULL,
  PRIMARY KEY (principal_arn, policy_name)
);

CREATE TABLE organizations (
  org_id             VARCHAR(34) NOT NULL PRIMARY KEY,
  management_account VARCHAR(12) NOT NULL REFERENCES accounts (account_id),
  root_id            VARCHAR(32) NOT NULL,
  creation_millis    BIGINT      NOT NULL
);

CREATE TABLE org_units (
  ou_id     VARCHAR(68)  NOT NULL PRIMARY KEY,
  parent_id VARCHAR(68)  NOT NULL,
  name      VARCHAR(128) NOT NULL
);

CREATE TABLE org_accounts (
  account_id VARCHAR(12) NOT NULL PRIMARY KEY REFERENCES accounts (account_id),
  parent_id  VARCHAR(68) NOT NULL
);

CREATE TABLE org_policies (
  policy_id VARCHAR(130) NOT NULL PRIMARY KEY,
  name      VARCHAR(128) NOT NULL UNIQUE,
  document  TEXT         NOT NULL
);

CREATE TABLE org_policy_targets (
  policy_id VARCHAR(130) NOT NULL REFERENCES org_policies (policy_id),
  target_id VARCHAR(68)  NOT NULL,
  PRIMARY KEY (policy_id, target_id)
);

CREATE TABLE settings (
  name  VARCHAR(200) NOT NULL PRIMARY KEY,
  value TEXT         NOT NULL
);
