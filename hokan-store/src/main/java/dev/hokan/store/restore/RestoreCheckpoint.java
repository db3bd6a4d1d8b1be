package dev.hokan.store.restore;

/**
 * How far an earlier run of a restore got before it stopped: the first {@code filesComplete} files, in the order the
 * restore walks the snapshot (the same for every run of one snapshot and paths), were complete, content and metadata.
 * A restore resumed from it leaves those files as they are where the sink still holds them as restored
 * ({@link RestoreSink#holds}), and restores everything else again, replacing what the earlier run left in the way.
 */
public record RestoreCheckpoint(long filesComplete) {
    public RestoreCheckpoint {
        if (filesComplete < 0) {
            throw new IllegalArgumentException("A restore completes no fewer than 0 files, not " + filesComplete);
        }
    }
}
