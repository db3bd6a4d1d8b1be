package dev.hokan.engine;

import dev.hokan.engine.vault.VaultLocations;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.endpoint.HomeEndpoints;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.job.JobLeases;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.notification.SmtpRelay;
import dev.hokan.storage.s3.S3Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to run a deployment: its data directory, where it keeps its vaults, its master key, the home account and region (the cell the operator's
 * root credentials belong to) with the host paths it is given at start, every region this deployment serves itself,
 * the regions other deployments serve (copies go there over HTTP), how each cell runs, where the catalogs are
 * (by default SQLite files in the data directory and each cell's directory), the name of this node among those
 * serving the deployment, how long its claims on jobs last unless renewed, the SMTP relay email notifications go
 * through, if any, the S3-compatible service report plans deliver to (none: directories below the data directory), and
 * the network endpoints the home account is given at start.
 */
public record DeploymentConfig(Path dataDir, VaultLocations vaultLocations, Path masterKeyFile, Account home, HomeHostRoots homeHostRoots,
                               Set<String> regions, List<RemoteRegion> remoteRegions, ServiceClock clock, int workers,
                               ExpiryWindow expiryWindow, int maxActiveLegalHolds, CatalogLocation catalogLocation,
                               String nodeId, Duration jobLease, CatalogBackupPolicy catalogBackup,
                               Optional<SmtpRelay> smtpRelay, Optional<S3Settings> reportS3,
                               HomeEndpoints homeEndpoints) {
    /** The node of a deployment that names none. */
    public static final String DEFAULT_NODE_ID = "local";
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DeploymentConfig {
        requireNodeId(nodeId);
        TreeSet<String> served = new TreeSet<>(regions);
        served.add(home.region());
        for (String region : served) {
            new Account(home.accountId(), region);
        }
        regions = Set.copyOf(served);
        remoteRegions = List.copyOf(remoteRegions);
        for (RemoteRegion remote : remoteRegions) {
            if (regions.contains(remote.region())) {
                throw new IllegalArgumentException("Region " + remote.region()
                        + " cannot be both served here and by a remote deployment");
            }
        }
    }

    /**
     * A deployment whose claims on jobs last {@link JobLeases#DEFAULT_LEASE}, without catalog backups, SMTP relay nor
     * S3 service for reports, whose home account may have the server connect anywhere.
     */
    public DeploymentConfig(Path dataDir, VaultLocations vaultLocations, Path masterKeyFile, Account home,
                            HomeHostRoots homeHostRoots, Set<String> regions, List<RemoteRegion> remoteRegions,
                            ServiceClock clock, int workers, ExpiryWindow expiryWindow, int maxActiveLegalHolds,
                            CatalogLocation catalogLocation, String nodeId) {
        this(dataDir, vaultLocations, masterKeyFile, home, homeHostRoots, regions, remoteRegions, clock, workers,
                expiryWindow, maxActiveLegalHolds, catalogLocation, nodeId, JobLeases.DEFAULT_LEASE, CatalogBackupPolicy.NONE,
                Optional.empty(), Optional.empty(), HomeEndpoints.UNCONFINED);
    }

    /** {@code nodeId} if it is a node ID: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static String requireNodeId(String nodeId) {
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("A node ID is 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, not " + nodeId);
        }
        return nodeId;
    }

    public static Path defaultMasterKeyFile(Path dataDir) {
        return dataDir.resolve("master.key");
    }
}
