CREATE TABLE console_passwords (
  principal_arn VARCHAR(2048) NOT NULL PRIMARY KEY REFERENCES principals (arn),
  password_hash VARCHAR(512)  NOT NULL,
  set_millis    BIGINT        NOT NULL
)
