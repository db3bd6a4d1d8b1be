package dev.hokan.engine;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to run a deployment: its data directory and master key, the home account and region (the cell the operator's
 * root credentials belong to), every region this deployment serves itself, and how each cell runs.
 */
public record DeploymentConfig(Path dataDir, Path masterKeyFile, Account home, Set<String> regions,
                               ServiceClock clock, int workers, ExpiryWindow expiryWindow, int maxActiveLegalHolds) {

    public DeploymentConfig {
        TreeSet<String> served = new TreeSet<>(regions);
        served.add(home.region());
        for (String region : served) {
            new Account(home.accountId(), region);
        }
        regions = Set.copyOf(served);
    }

    public static Path defaultMasterKeyFile(Path dataDir) {
        return dataDir.resolve("master.key");
    }
}
