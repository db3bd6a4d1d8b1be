package dev.hokan.store;

/** COMPLETE: everything under the source was stored. PARTIAL: some files could not be read or changed while read. */
public enum SnapshotStatus {
    COMPLETE, PARTIAL
}
