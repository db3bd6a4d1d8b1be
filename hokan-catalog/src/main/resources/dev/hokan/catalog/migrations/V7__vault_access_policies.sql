CREATE TABLE vault_access_policies (
  vault_name VARCHAR(50) NOT NULL PRIMARY KEY,
  document   TEXT        NOT NULL
);
