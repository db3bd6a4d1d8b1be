ALTER TABLE backup_plan_versions ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

-- only sqlite
UPDATE backup_plan_versions SET revision = rowid
