package dev.hokan.engine;

/**
 * Where the deployment backs up its own catalogs each day: a vault of the home account, keeping each backup
 * {@code keepDays} days (the newest is always kept). {@link #NONE}: no catalog backups.
 */
public record CatalogBackupPolicy(String vaultName, int keepDays) {
    public static final CatalogBackupPolicy NONE = new CatalogBackupPolicy(null, 0);
    public static final int DEFAULT_KEEP_DAYS = 35;

    public CatalogBackupPolicy {
        if (vaultName != null) {
            Names.vault(vaultName);
            if (keepDays < 1) {
                throw new IllegalArgumentException("Catalog backups are kept at least 1 day, not " + keepDays);
            }
        }
    }

    public boolean enabled() {
        return vaultName != null;
    }
}
