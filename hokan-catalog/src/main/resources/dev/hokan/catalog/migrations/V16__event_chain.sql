ALTER TABLE events ADD COLUMN chain_position BIGINT;
ALTER TABLE events ADD COLUMN previous_hash VARCHAR(64);
ALTER TABLE events ADD COLUMN event_hash VARCHAR(64);
CREATE UNIQUE INDEX events_by_chain_position ON events (chain_position);
CREATE INDEX events_by_resource ON events (resource_arn, creation_millis, event_id);
CREATE INDEX events_by_actor ON events (actor, creation_millis, event_id)
