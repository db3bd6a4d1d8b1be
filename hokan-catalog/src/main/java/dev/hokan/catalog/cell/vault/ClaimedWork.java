package dev.hokan.catalog.cell.vault;

/** Work on a vault's storage that one node at a time may do, and what it is about: what a {@link WorkClaim} claims. */
public enum ClaimedWork {
    /** Moving a recovery point (the subject, by ID) into its vault's cold tier. */
    MOVE_TO_COLD,
    /** Deleting a recovery point's data (the subject, by ID). */
    DELETION,
    /** Creating a vault's cold tier (the subject, by vault name). */
    COLD_TIER_CREATION,
    /** Streaming a continuous recovery point's changes (the subject, by ID) and taking its base backups. */
    CONTINUOUS_STREAM,
    /** The deployment's daily catalog backup into a vault (the subject, by name) of the home account. */
    CATALOG_BACKUP,
    /** Sampling what a vault's storage holds (the subject, by name) into its storage history. */
    STORAGE_SAMPLE
}
