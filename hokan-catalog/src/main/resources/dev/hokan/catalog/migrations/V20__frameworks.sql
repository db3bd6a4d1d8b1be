CREATE TABLE frameworks (
  name               VARCHAR(256)  NOT NULL PRIMARY KEY,
  arn                VARCHAR(1024) NOT NULL,
  creation_millis    BIGINT        NOT NULL,
  idempotency_token  VARCHAR(128),
  deployment_status  VARCHAR(32)   NOT NULL,
  last_update_millis BIGINT,
  evaluated_millis   BIGINT,
  document           TEXT          NOT NULL
);

CREATE TABLE control_evaluations (
  framework_name   VARCHAR(256)  NOT NULL,
  control_name     VARCHAR(256)  NOT NULL,
  resource_id      VARCHAR(1024) NOT NULL,
  resource_type    VARCHAR(64)   NOT NULL,
  status           VARCHAR(16)   NOT NULL,
  reason           VARCHAR(2048) NOT NULL,
  evaluated_millis BIGINT        NOT NULL,
  PRIMARY KEY (framework_name, control_name, resource_id)
);
