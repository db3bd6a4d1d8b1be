package dev.hokan.cli;

import dev.hokan.api.HokanClient;
import dev.hokan.api.RootCredentials;
import dev.hokan.api.ServerConfig;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.S3Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The servers of the catalog commands' tests: a manual clock, one worker, the master key {@code dir/master.key}, the
 * root key given, the vaults under {@code vaults} and the catalogs where {@code catalog} says.
 */
final class CatalogServers {
    private CatalogServers() {
    }

    static ServerConfig config(Path dir, Path dataDir, Path vaults, CatalogLocation catalog, KeyPair root,
                               CatalogBackupPolicy catalogBackup) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.MANUAL, dir.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 1,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, root.accessKeyId(), RootCredentials.SECRET_KEY_ENV,
                        root.secretAccessKey()),
                HomeHostRoots.UNCONFINED, VaultLocations.of(StorageBackends.standard(
                        S3Settings.fromEnvironment(null, null, Map.of())), vaults.toString(), null), catalog,
                DeploymentConfig.DEFAULT_NODE_ID).withCatalogBackup(catalogBackup);
    }

    /** The job once its {@code field} is no longer CREATED, PENDING or RUNNING. */
    static JsonNode await(HokanClient client, String path, String field) throws IOException, InterruptedException {
        JsonNode job = client.call("GET", path, null);
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
             List.of("CREATED", "PENDING", "RUNNING").contains(job.get(field).stringValue()) && System.nanoTime() < deadline;
             job = client.call("GET", path, null)) {
            Thread.sleep(100);
        }
        return job;
    }
}
