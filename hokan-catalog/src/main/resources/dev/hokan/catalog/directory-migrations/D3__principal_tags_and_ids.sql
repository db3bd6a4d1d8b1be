ALTER TABLE principals ADD COLUMN unique_id VARCHAR(128);

UPDATE principals SET unique_id = account_id WHERE kind = 'ROOT';

-- only sqlite
UPDATE principals SET unique_id = 'AIDA' || substr(upper(hex(randomblob(9))), 1, 17) WHERE kind = 'USER';

-- only postgresql
UPDATE principals SET unique_id = 'AIDA' || substr(upper(md5(random()::text || arn)), 1, 17) WHERE kind = 'USER';

-- only sqlite
UPDATE principals SET unique_id = 'AROA' || substr(upper(hex(randomblob(9))), 1, 17) WHERE kind = 'ROLE';

-- only postgresql
UPDATE principals SET unique_id = 'AROA' || substr(upper(md5(random()::text || arn)), 1, 17) WHERE kind = 'ROLE';

CREATE UNIQUE INDEX principals_by_unique_id ON principals (unique_id);

CREATE TABLE principal_tags (
  principal_arn VARCHAR(2048) NOT NULL REFERENCES principals (arn),
  tag_key       VARCHAR(128)  NOT NULL,
  tag_value     VARCHAR(256)  NOT NULL,
  PRIMARY KEY (principal_arn, tag_key)
);
