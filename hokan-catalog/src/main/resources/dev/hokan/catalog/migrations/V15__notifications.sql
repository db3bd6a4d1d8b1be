CREATE TABLE sns_topics (
  topic_name      VARCHAR(256) NOT NULL PRIMARY KEY,
  creation_millis BIGINT       NOT NULL,
  attributes      TEXT         NOT NULL
);
CREATE INDEX sns_topics_by_creation ON sns_topics (creation_millis, topic_name);

CREATE TABLE sns_subscriptions (
  subscription_id    VARCHAR(36)   NOT NULL PRIMARY KEY,
  creation_millis    BIGINT        NOT NULL,
  topic_name         VARCHAR(256)  NOT NULL,
  protocol           VARCHAR(16)   NOT NULL,
  endpoint           VARCHAR(2048) NOT NULL,
  owner              VARCHAR(12)   NOT NULL,
  confirmation_token VARCHAR(128),
  attributes         TEXT          NOT NULL
);
CREATE INDEX sns_subscriptions_by_creation ON sns_subscriptions (creation_millis, subscription_id);
CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_name, creation_millis, subscription_id);

CREATE TABLE sns_deliveries (
  delivery_id         VARCHAR(40)   NOT NULL PRIMARY KEY,
  creation_millis     BIGINT        NOT NULL,
  subscription_id     VARCHAR(36)   NOT NULL,
  topic_name          VARCHAR(256)  NOT NULL,
  message             TEXT          NOT NULL,
  status              VARCHAR(16)   NOT NULL,
  attempts            INTEGER       NOT NULL,
  next_attempt_millis BIGINT        NOT NULL,
  give_up_millis      BIGINT        NOT NULL,
  last_error          VARCHAR(2048),
  finished_millis     BIGINT
);
CREATE INDEX sns_deliveries_by_creation ON sns_deliveries (creation_millis, delivery_id);
CREATE INDEX sns_deliveries_by_status ON sns_deliveries (status, creation_millis, delivery_id);
CREATE INDEX sns_deliveries_by_subscription ON sns_deliveries (subscription_id, status, creation_millis, delivery_id);

CREATE TABLE vault_notifications (
  vault_name VARCHAR(50)   NOT NULL PRIMARY KEY,
  topic_arn  VARCHAR(1024) NOT NULL,
  events     TEXT          NOT NULL
)
