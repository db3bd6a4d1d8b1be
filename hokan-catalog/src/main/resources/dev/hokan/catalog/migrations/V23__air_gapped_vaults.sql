ALTER TABLE vaults ADD COLUMN vault_type VARCHAR(40) NOT NULL DEFAULT 'BACKUP_VAULT';
ALTER TABLE vaults ADD COLUMN vault_state VARCHAR(20) NOT NULL DEFAULT 'AVAILABLE';
ALTER TABLE vaults ADD COLUMN source_vault_arn VARCHAR(1024);

CREATE TABLE restore_access_vaults (
  vault_name               VARCHAR(50)   NOT NULL,
  restore_access_vault_arn VARCHAR(1024) NOT NULL,
  creation_millis          BIGINT        NOT NULL,
  requester_comment        VARCHAR(2048),
  PRIMARY KEY (vault_name, restore_access_vault_arn)
);
