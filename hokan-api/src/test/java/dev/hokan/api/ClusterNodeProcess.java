package dev.hokan.api;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.S3Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a cluster in a process of its own, for tests that kill, pause or cut it off: {@code DATA_DIR CATALOG_URL
 * STORAGE MASTER_KEY NODE_ID LEASE_SECONDS}. Its vaults are under {@code STORAGE}, which the nodes share; it serves on
 * a free loopback port, prints {@code PORT <port>} and runs until killed.
 */
public final class ClusterNodeProcess {
    private ClusterNodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        ServerConfig config = new ServerConfig(data, "127.0.0.1", 0, ClockMode.MANUAL, Path.of(args[3]),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 2,
                ExpiryWindow.of(Duration.ZERO), Map.of(RootCredentials.ACCESS_KEY_ENV, TestServer.ACCESS_KEY,
                RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY), HomeHostRoots.UNCONFINED,
                VaultLocations.under(Path.of(args[2]), StorageBackends.standard(S3Settings.fromEnvironment(null, null,
                        Map.of()))), CatalogLocation.Postgres.parse(args[1], null), args[4])
                .withJobLease(Duration.ofSeconds(Long.parseLong(args[5])));
        HokanServer server = HokanServer.start(config);
        System.out.println("PORT " + server.endpoint().getPort());
        Thread.currentThread().join();
    }
}
