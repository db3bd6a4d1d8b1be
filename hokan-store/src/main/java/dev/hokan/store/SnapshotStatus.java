package dev.hokan.store;

/**
 * COMPLETE: everything under the source was stored. PARTIAL: some files could not be read or changed while read,
 * or the backup was asked to finish before it reached everything.
 */
public enum SnapshotStatus {
    COMPLETE, PARTIAL
}
