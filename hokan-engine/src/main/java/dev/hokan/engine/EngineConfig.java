package dev.hokan.engine;

import dev.hokan.engine.vault.VaultLocations;

import dev.hokan.catalog.Catalogs;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.store.crypto.MasterKey;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the engine of one account in one region (a cell): where its data lives and where its vaults do, the
 * master key that seals its vaults' keys, the account and region it answers for,
 * the clock, how many jobs run at once, the window in which expired recovery points are deleted, how many
 * legal holds may hold points at once, the deployment's catalogs, among which the cell's, the node this engine runs
 * on and how long its claims on jobs last unless renewed.
 */
public record EngineConfig(Path cellDir, VaultLocations vaultLocations, MasterKey masterKey, Account account, ServiceClock clock, int workers,
                           ExpiryWindow expiryWindow, int maxActiveLegalHolds, Catalogs catalogs, String nodeId,
                           Duration jobLease) {
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
}
