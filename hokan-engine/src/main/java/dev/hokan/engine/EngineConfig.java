package dev.hokan.engine;

import java.nio.file.Path;

/**
 * How to run the engine: where its data lives, which master key seals the vaults, the account it answers for,
 * the clock, how many jobs run at once, the window in which expired recovery points are deleted and how many
 * legal holds may hold points at once.
 */
public record EngineConfig(Path dataDir, Path masterKeyFile, Account account, ServiceClock clock, int workers,
                           ExpiryWindow expiryWindow, int maxActiveLegalHolds) {
    /** AWS's quota of legal holds per account. */
    public static final int DEFAULT_MAX_ACTIVE_LEGAL_HOLDS = 50;

    public EngineConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (maxActiveLegalHolds < 1) {
            throw new IllegalArgumentException("maxActiveLegalHolds must be at least 1");
        }
    }

    public static Path defaultMasterKeyFile(Path dataDir) {
        return dataDir.resolve("master.key");
    }
}
