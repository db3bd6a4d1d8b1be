UPDATE resources SET resource_type = 'Directory' WHERE resource_type = 'DIRECTORY';
UPDATE backup_jobs SET resource_type = 'Directory' WHERE resource_type = 'DIRECTORY';
UPDATE recovery_points SET resource_type = 'Directory' WHERE resource_type = 'DIRECTORY';
UPDATE restore_jobs SET resource_type = 'Directory' WHERE resource_type = 'DIRECTORY';
UPDATE copy_jobs SET resource_type = 'Directory' WHERE resource_type = 'DIRECTORY';

ALTER TABLE resources ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
-- only sqlite
UPDATE resources SET settings = json_object('Path', location);

-- only postgresql
UPDATE resources SET settings = json_build_object('Path', location);
ALTER TABLE resources DROP COLUMN location
