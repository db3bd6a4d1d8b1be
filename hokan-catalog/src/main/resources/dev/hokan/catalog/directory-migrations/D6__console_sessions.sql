CREATE TABLE console_sessions (
  token_hash       VARCHAR(64)   NOT NULL PRIMARY KEY,
  principal_arn    VARCHAR(2048) NOT NULL REFERENCES principals (arn),
  csrf_token       VARCHAR(64)   NOT NULL,
  last_used_millis BIGINT        NOT NULL
)
