package dev.hokan.engine;

import java.nio.file.Path;

/**
 * How to run the engine: where its data lives, which master key seals the vaults, the account it answers for,
 * the clock, and how many jobs run at once.
 */
public record EngineConfig(Path dataDir, Path masterKeyFile, Account account, ServiceClock clock, int workers) {
    public EngineConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    public static Path defaultMasterKeyFile(Path dataDir) {
        return dataDir.resolve("master.key");
    }
}
