package dev.hokan.api;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.endpoint.HomeEndpoints;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.notification.SmtpRelay;
import dev.hokan.storage.s3.S3Settings;
import dev.hokan.engine.job.JobLeases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How to run the server. {@code port} 0 picks a free port; {@code account} is the home account and region,
 * {@code regions} the other regions this deployment serves itself and {@code remoteRegions} those other
 * deployments serve; {@code expiryWindow} spreads the deletion of expired recovery points; {@code env} supplies
 * the root credential variables (and the S3 ones); {@code homeHostRoots} are the host paths the home account is
 * given; {@code vaultLocations} where the vaults are kept; {@code catalogLocation} where the catalogs are;
 * {@code nodeId} this server's name among the nodes serving the deployment; {@code jobLease} how long its claims on
 * jobs last unless renewed; {@code smtpRelay} the relay email notifications go through; {@code metricsPort}, when
 * present, the port on the {@code bind} address that serves Prometheus metrics (0 picks a free one);
 * {@code reportS3}, when present, the S3-compatible service report plans deliver to (else DATA_DIR/reports);
 * {@code console} the web console's assets and session timeout; {@code advertisedUrl}, when present, where
 * subscribers reach the server, which notification links name (else the address it listens on);
 * {@code homeEndpoints} the network endpoints the home account is given.
 */
public record ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile,
                           Account account, Set<String> regions, List<RemoteRegion> remoteRegions, int workers,
                           ExpiryWindow expiryWindow, Map<String, String> env, HomeHostRoots homeHostRoots,
                           VaultLocations vaultLocations, CatalogLocation catalogLocation, String nodeId,
                           Duration jobLease, CatalogBackupPolicy catalogBackup, Optional<SmtpRelay> smtpRelay,
                           OptionalInt metricsPort, Optional<S3Settings> reportS3,
                           ConsoleSettings console, Optional<URI> advertisedUrl, HomeEndpoints homeEndpoints) {
    public static final int DEFAULT_WORKERS = 2;

    /**
     * A server whose claims on jobs last {@link JobLeases#DEFAULT_LEASE}, that does not back up its catalogs and has
     * no SMTP relay nor metrics port.
     */
    public ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile, Account account,
                        Set<String> regions, List<RemoteRegion> remoteRegions, int workers, ExpiryWindow expiryWindow,
                        Map<String, String> env, HomeHostRoots homeHostRoots, VaultLocations vaultLocations,
                        CatalogLocation catalogLocation, String nodeId) {
        this(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers, expiryWindow, env,
                homeHostRoots, vaultLocations, catalogLocation, nodeId, JobLeases.DEFAULT_LEASE,
                CatalogBackupPolicy.NONE, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                ConsoleSettings.NONE, Optional.empty(), HomeEndpoints.UNCONFINED);
    }

    /** This configuration with claims on jobs lasting {@code lease} unless renewed. */
    public ServerConfig withJobLease(Duration lease) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers,
                expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, lease, catalogBackup,
                smtpRelay, metricsPort, reportS3, console, advertisedUrl, homeEndpoints);
    }

    /** This configuration backing its catalogs up as {@code policy} says. */
    public ServerConfig withCatalogBackup(CatalogBackupPolicy policy) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers,
                expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease, policy, smtpRelay,
                metricsPort, reportS3, console, advertisedUrl, homeEndpoints);
    }

    /** This configuration with email notifications going through {@code relay}. */
    public ServerConfig withSmtpRelay(SmtpRelay relay) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers,
                expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease, catalogBackup,
                Optional.of(relay), metricsPort, reportS3, console, advertisedUrl, homeEndpoints);
    }

    /** This configuration, serving Prometheus metrics on {@code port} of the bind address. */
    public ServerConfig withMetricsPort(int port) {
        return new ServerConfig(dataDir, bind, this.port, clockMode, masterKeyFile, account, regions, remoteRegions,
                workers, expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease,
                catalogBackup, smtpRelay, OptionalInt.of(port), reportS3, console, advertisedUrl, homeEndpoints);
    }

    /** This configuration, delivering reports to the S3-compatible service {@code settings} reach. */
    public ServerConfig withReportS3(S3Settings settings) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions,
                workers, expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease,
                catalogBackup, smtpRelay, metricsPort, Optional.of(settings), console, advertisedUrl, homeEndpoints);
    }

    /** This configuration with the web console as {@code settings} say. */
    public ServerConfig withConsole(ConsoleSettings settings) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions,
                workers, expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease,
                catalogBackup, smtpRelay, metricsPort, reportS3, settings, advertisedUrl, homeEndpoints);
    }

    /**
     * This configuration, whose notification links (SubscribeURL, UnsubscribeURL, SigningCertURL) start with
     * {@code url}, the address subscribers reach the server at, rather than the address it listens on.
     */
    public ServerConfig withAdvertisedUrl(URI url) {
        if (url == null || !url.isAbsolute() || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
                || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("The advertised URL must be an http or https URL without a query,"
                    + " such as https://backup.example.com, not " + url);
        }
        URI advertised = URI.create(url.toString().replaceAll("/+$", ""));
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions,
                workers, expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease,
                catalogBackup, smtpRelay, metricsPort, reportS3, console, Optional.of(advertised), homeEndpoints);
    }

    /**
     * This configuration, whose home account may have the server connect only to the endpoints {@code home} allows
     * (and those granted to it).
     */
    public ServerConfig withHomeEndpoints(HomeEndpoints home) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions,
                workers, expiryWindow, env, homeHostRoots, vaultLocations, catalogLocation, nodeId, jobLease,
                catalogBackup, smtpRelay, metricsPort, reportS3, console, advertisedUrl, home);
    }

    /** A server named {@link DeploymentConfig#DEFAULT_NODE_ID}. */
    public ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile, Account account,
                        Set<String> regions, List<RemoteRegion> remoteRegions, int workers, ExpiryWindow expiryWindow,
                        Map<String, String> env, HomeHostRoots homeHostRoots, VaultLocations vaultLocations,
                        CatalogLocation catalogLocation) {
        this(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers, expiryWindow, env,
                homeHostRoots, vaultLocations, catalogLocation, DeploymentConfig.DEFAULT_NODE_ID);
    }

    /** A server whose catalogs are SQLite files in its data directory. */
    public ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile, Account account,
                        Set<String> regions, List<RemoteRegion> remoteRegions, int workers, ExpiryWindow expiryWindow,
                        Map<String, String> env, HomeHostRoots homeHostRoots, VaultLocations vaultLocations) {
        this(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers, expiryWindow, env,
                homeHostRoots, vaultLocations, CatalogLocation.EMBEDDED);
    }

    /** A server that keeps its vaults under its data directory. */
    public ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile, Account account,
                        Set<String> regions, List<RemoteRegion> remoteRegions, int workers, ExpiryWindow expiryWindow,
                        Map<String, String> env, HomeHostRoots homeHostRoots) {
        this(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers, expiryWindow, env,
                homeHostRoots, VaultLocations.under(dataDir,
                        StorageBackends.standard(S3Settings.fromEnvironment(null, null, env))));
    }

    /** A server whose home account may use any host path no account is denied. */
    public ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile, Account account,
                        Set<String> regions, List<RemoteRegion> remoteRegions, int workers, ExpiryWindow expiryWindow,
                        Map<String, String> env) {
        this(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers, expiryWindow, env,
                HomeHostRoots.UNCONFINED);
    }

    public static ServerConfig defaults(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile,
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), DEFAULT_WORKERS,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH), System.getenv());
    }
}
