package dev.hokan.cli;

import dev.hokan.api.Credentials;
import dev.hokan.api.ConsoleSettings;
import dev.hokan.api.FirstStart;
import dev.hokan.api.HokanServer;
import dev.hokan.api.RemoteRegionsFile;
import dev.hokan.api.RootCredentials;
import dev.hokan.api.ServerConfig;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.endpoint.EndpointRule;
import dev.hokan.engine.endpoint.HomeEndpoints;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.job.JobLeases;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.notification.SmtpRelay;
import dev.hokan.storage.s3.S3Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the server: the AWS Backup API and the /hokan/v1 extension API over the catalog and the vaults. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Hokan server (AWS Backup API on HTTP, SigV4-signed).")
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "./hokan-data",
            description = "Catalog, vaults and credentials live here (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--clock", defaultValue = "system",
            description = "system, or manual: time moves only through POST /hokan/v1/clock (default: ${DEFAULT-VALUE}).")
    String clock;

    @Option(names = "--master-key-file", description = "Master key of all vaults (default: DATA_DIR/master.key).")
    Path masterKeyFile;

    @Option(names = "--account-id", defaultValue = Account.DEFAULT_ACCOUNT,
            description = "Account this server answers for (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--region", defaultValue = Account.DEFAULT_REGION,
            description = "Home region: the region of the home account's cell (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--regions", split = ",", description = "Further regions this deployment serves itself,"
            + " comma-separated (every account has a cell in each).")
    Set<String> regions = Set.of();

    @Option(names = "--remote-regions-file", description = "JSON file naming the regions other Hokan deployments"
            + " serve, with their endpoints and the credentials to sign with there (see docs/server.md).")
    Path remoteRegionsFile;

    @Option(names = "--workers", defaultValue = "2", description = "Jobs that run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--expiry-window-minutes", defaultValue = "480", description = "Expired recovery points are"
            + " deleted at a random moment this long after their DeleteAt, as on AWS; 0 deletes them right at"
            + " DeleteAt (default: ${DEFAULT-VALUE}).")
    long expiryWindowMinutes;

    @Option(names = "--source-roots", split = ",", paramLabel = "DIR", description = "Directories under which the"
            + " home account may register resources to back up, comma-separated. Without this and --restore-roots,"
            + " the home account may use any host path but the server's own files and /proc, /sys, /dev.")
    List<Path> sourceRoots;

    @Option(names = "--restore-roots", split = ",", paramLabel = "DIR", description = "Directories under which the"
            + " home account may restore, comma-separated (see --source-roots).")
    List<Path> restoreRoots;

    @Option(names = "--allowed-endpoints", split = ",", paramLabel = "NETWORK[:PORT]", description = "Networks (an"
            + " address, a CIDR block such as 10.0.0.0/8, or a host name; an IPv6 one in brackets before a port) the"
            + " server may connect to for the home account's PostgreSQL and S3 resources and SNS subscriptions,"
            + " comma-separated. Without it, the home account may have the server connect anywhere.")
    List<String> allowedEndpoints;

    @Option(names = "--storage", paramLabel = "LOCATION", description = "Where the vaults are kept:"
            + " LOCATION/vaults/NAME, such as s3://BUCKET/PREFIX with --s3-endpoint (default: DATA_DIR).")
    String storage;

    @Option(names = "--cold-storage", paramLabel = "LOCATION", description = "Where the vaults' cold tier is kept:"
            + " LOCATION/vaults-cold/NAME (default: the --storage location).")
    String coldStorage;

    @Option(names = "--catalog", paramLabel = "URL", description = "Where the catalogs are: postgresql://USER@HOST:PORT/DB"
            + " keeps every cell's and the directory in that PostgreSQL database, each in a schema of its own"
            + " (default: SQLite files in the data directory).")
    String catalog;

    @Mixin
    CatalogOptions catalogOptions;

    @Option(names = "--node-id", paramLabel = "NAME", description = "This server's name among the nodes serving the"
            + " deployment, listed by GET /hokan/v1/nodes (default: the host's name).")
    String nodeId;

    @Option(names = "--job-lease", paramLabel = "SECONDS", description = "How long this node's claim on a running job"
            + " lasts unless renewed (every third of it); another node takes the job over once it ran out"
            + " (default: 30).")
    long jobLeaseSeconds = JobLeases.DEFAULT_LEASE.toSeconds();

    @Option(names = "--metrics-port", paramLabel = "N", description = "Serve Prometheus metrics at /metrics on this"
            + " port of the --bind address, unauthenticated (default: no metrics port).")
    Integer metricsPort;

    @Mixin
    S3Options s3;

    @Option(names = "--report-s3-endpoint", paramLabel = "URL", description = "S3-compatible service report plans"
            + " deliver their reports to, in the bucket their delivery channel names; signed for --s3-region with the"
            + " credentials --s3-endpoint uses (default: files under DATA_DIR/reports/BUCKET/).")
    URI reportS3Endpoint;

    @Option(names = "--catalog-backup-vault", paramLabel = "NAME", description = "Back up the catalogs (plans,"
            + " selections, jobs, events, holds, identities: what the vaults cannot rebuild) once a day into this"
            + " vault of the home account; restore them with `hokan catalog restore` (default: no catalog backups).")
    String catalogBackupVault;

    @Option(names = "--catalog-backup-keep-days", paramLabel = "DAYS",
            defaultValue = "" + CatalogBackupPolicy.DEFAULT_KEEP_DAYS,
            description = "How long each catalog backup is kept; the newest always is (default: ${DEFAULT-VALUE}).")
    int catalogBackupKeepDays;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "The SMTP relay email notifications go"
            + " through (plain SMTP; without it, email subscriptions are refused).")
    String smtpHost;

    @Option(names = "--smtp-port", defaultValue = "25", description = "The SMTP relay's port (default:"
            + " ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "The sender address of notification mail"
            + " (default: hokan@ the host's name).")
    String smtpFrom;

    @Option(names = "--advertised-url", paramLabel = "URL", description = "Where notification subscribers reach"
            + " this server (a proxy's or load balancer's https://HOST, say): the links SNS messages carry start with"
            + " it (default: http:// the --bind address and --port).")
    URI advertisedUrl;

    @Option(names = "--console-dir", paramLabel = "DIR", description = "The built web console (console/dist), served"
            + " at /console/; the hokan launcher builds it and passes it (default: no console pages).")
    Path consoleDir;

    @Option(names = "--console-idle-seconds", paramLabel = "N", defaultValue = "1800", description = "A console session"
            + " ends after N seconds without a request (default: ${DEFAULT-VALUE}).")
    int consoleIdleSeconds;

    /** Jetty's start-up chatter would bury the lines an operator has to act on. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    @Override
    public Integer call() throws Exception {
        JETTY_LOG.setLevel(Level.WARNING);
        LogLine.install();
        ClockMode mode = switch (clock.toLowerCase(Locale.ROOT)) {
            case "system" -> ClockMode.SYSTEM;
            case "manual" -> ClockMode.MANUAL;
            default -> throw new ParameterException(spec.commandLine(), "--clock must be system or manual, not " + clock);
        };
        Account account;
        try {
            account = new Account(accountId, region);
            regions.forEach(r -> new Account(accountId, r));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        if (jobLeaseSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--job-lease must be at least 1 second");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be a TCP port (0 to 65535)");
        }
        if (expiryWindowMinutes < 0) {
            throw new ParameterException(spec.commandLine(), "--expiry-window-minutes must not be negative");
        }
        Path keyFile = masterKeyFile != null ? masterKeyFile : DeploymentConfig.defaultMasterKeyFile(dataDir);
        List<RemoteRegion> remoteRegions = remoteRegionsFile == null ? List.of()
                : RemoteRegionsFile.load(remoteRegionsFile);
        HomeHostRoots homeRoots = sourceRoots == null && restoreRoots == null ? HomeHostRoots.UNCONFINED
                : HomeHostRoots.confined(absolute("--source-roots", sourceRoots),
                        absolute("--restore-roots", restoreRoots));
        VaultLocations vaults;
        CatalogLocation catalogLocation;
        String node;
        CatalogBackupPolicy catalogBackup;
        HomeEndpoints homeEndpoints;
        try {
            homeEndpoints = allowedEndpoints == null ? HomeEndpoints.UNCONFINED
                    : HomeEndpoints.confined(allowedEndpoints.stream().map(EndpointRule::parse).toList());
            catalogBackup = catalogBackupVault == null ? CatalogBackupPolicy.NONE
                    : new CatalogBackupPolicy(catalogBackupVault, catalogBackupKeepDays);
            node = DeploymentConfig.requireNodeId(nodeId != null ? nodeId : hostName());
            vaults = VaultLocations.of(s3.providers(), storage != null ? storage : dataDir.toString(), coldStorage);
            if (catalog == null && catalogOptions.passwordFile != null) {
                throw new IllegalArgumentException("--catalog-password-file goes with --catalog postgresql://...");
            }
            catalogLocation = catalog == null ? CatalogLocation.EMBEDDED : catalogOptions.postgres(catalog);
        } catch (IllegalArgumentException | ServiceException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ServerConfig config = new ServerConfig(dataDir, bind, port, mode, keyFile, account, regions, remoteRegions,
                workers, ExpiryWindow.of(Duration.ofMinutes(expiryWindowMinutes)), System.getenv(), homeRoots, vaults,
                catalogLocation, node)
                .withJobLease(Duration.ofSeconds(jobLeaseSeconds)).withCatalogBackup(catalogBackup)
                .withHomeEndpoints(homeEndpoints);
        if (consoleIdleSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--console-idle-seconds must be positive");
        }
        config = config.withConsole(new ConsoleSettings(Optional.ofNullable(consoleDir),
                Duration.ofSeconds(consoleIdleSeconds)));
        if (smtpHost != null) {
            try {
                config = config.withSmtpRelay(new SmtpRelay(smtpHost, smtpPort,
                        smtpFrom != null ? smtpFrom : "hokan@" + hostName()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        } else if (smtpFrom != null) {
            throw new ParameterException(spec.commandLine(), "--smtp-from goes with --smtp-host");
        }
        if (advertisedUrl != null) {
            try {
                config = config.withAdvertisedUrl(advertisedUrl);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (reportS3Endpoint != null) {
            try {
                S3Settings reports = s3.at(reportS3Endpoint);
                if (reports.credentials().isEmpty()) {
                    throw new IllegalArgumentException("--report-s3-endpoint needs credentials: set"
                            + " HOKAN_S3_ACCESS_KEY_ID and HOKAN_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY)");
                }
                config = config.withReportS3(reports);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        HokanServer server = HokanServer.start(metricsPort == null ? config : config.withMetricsPort(metricsPort));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("hokan: stopping: " + Failures.describe(e));
            }
        }));
        announce(spec.commandLine().getOut(), server, keyFile, account, mode, catalogLocation);
        server.join();
        return 0;
    }

    /** The host's name, as a node ID: what of it a node ID cannot hold becomes '-'. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return DeploymentConfig.DEFAULT_NODE_ID;
        }
    }

    private List<Path> absolute(String option, List<Path> roots) {
        if (roots == null) {
            return List.of();
        }
        for (Path root : roots) {
            if (!root.isAbsolute()) {
                throw new ParameterException(spec.commandLine(), option + " takes absolute directories, not " + root);
            }
        }
        return roots;
    }

    private void announce(PrintWriter out, HokanServer server, Path keyFile, Account account, ClockMode mode,
                          CatalogLocation catalogLocation) throws IOException {
        FirstStart firstStart = server.firstStart();
        if (firstStart.masterKeyCreated()) {
            out.println("Created the master key " + keyFile.toAbsolutePath() + ".");
            out.println("  Back it up separately from the data directory: without it no vault can be read.");
        }
        String endpoint = server.endpoint().toString();
        if (firstStart.credentialsGenerated()) {
            Credentials c = server.rootCredentials();
            out.println("Generated root credentials (stored in " + dataDir.toAbsolutePath().resolve(
                    RootCredentials.FILE) + ", mode 0600; shown only this once). In the shell that runs aws:");
            out.println("  export AWS_ACCESS_KEY_ID=" + c.accessKeyId() + " AWS_SECRET_ACCESS_KEY="
                    + c.secretAccessKey() + " AWS_DEFAULT_REGION=" + account.region());
            out.println("  export AWS_ENDPOINT_URL=" + endpoint);
            out.println("or keep them in a named profile (aws --profile hokan ...), never in the default one:");
            out.println("  aws configure set profile.hokan.aws_access_key_id " + c.accessKeyId());
            out.println("  aws configure set profile.hokan.aws_secret_access_key " + c.secretAccessKey());
            out.println("  aws configure set profile.hokan.region " + account.region());
            out.println("  aws configure set profile.hokan.endpoint_url " + endpoint);
        }
        server.rootConsolePassword().ifPresent(password -> out.println("The web console, " + endpoint
                + "/console/: sign in with account " + account.accountId() + ", no user name (the root user) and the"
                + " password " + password + " (shown only this once; change it with hokan admin"
                + " set-console-password)."));
        out.println("Hokan is listening on " + endpoint + " (" + mode.wireName() + " clock); home account "
                + account.accountId() + " in " + account.region() + ", regions served: "
                + String.join(", ", server.deployment().regions()) + ".");
        if (catalogLocation instanceof CatalogLocation.Postgres postgres) {
            out.println("  Catalogs in " + postgres.url() + ".");
        }
        server.metricsEndpoint().ifPresent(metrics -> out.println("  Prometheus metrics at " + metrics + "."));
        out.println("  aws --endpoint-url " + endpoint + " --region " + account.region()
                + " backup list-backup-vaults");
        announceHostPaths(out, server);
        out.flush();
        firstStart.told(dataDir);
    }

    /** Which host paths the home account has, and how other accounts get theirs. */
    static void announceHostPaths(PrintWriter out, HokanServer server) {
        HomeHostRoots roots = server.deployment().hostPaths().homeRoots();
        if (roots.confined()) {
            out.println("Host paths of the home account: back up from " + listed(roots.sourceRoots())
                    + "; restore into " + listed(roots.restoreRoots()) + " (and what hokan admin grant-host-path adds).");
        } else {
            out.println("Host paths of the home account: back up from and restore into any directory but this server's"
                    + " own files and /proc, /sys, /dev (confine it with --source-roots and --restore-roots).");
        }
        out.println("  Other accounts use only the host paths granted with hokan admin grant-host-path.");
        HomeEndpoints endpoints = server.deployment().endpoints().homeEndpoints();
        out.println(endpoints.confined() ? "Network endpoints of the home account: " + (endpoints.allowed().isEmpty()
                ? "none" : String.join(", ", endpoints.allowed().stream().map(EndpointRule::toString).toList()))
                + " (and what hokan admin grant-endpoint adds)." : "Network endpoints of the home account: any"
                + " (confine it with --allowed-endpoints).");
        out.println("  Other accounts reach only the endpoints granted with hokan admin grant-endpoint.");
    }

    private static String listed(List<Path> roots) {
        return roots.isEmpty() ? "nowhere" : String.join(", ", roots.stream().map(Path::toString).toList());
    }
}
