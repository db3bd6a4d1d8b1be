package dev.hokan.engine;

import dev.hokan.engine.vault.VaultLocations;

import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.job.JobClaim;
import dev.hokan.catalog.identity.ClusterNode;
import dev.hokan.catalog.identity.DeploymentAccount;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.engine.clock.ManualServiceClock;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.copy.CopyRouter;
import dev.hokan.engine.copy.CopyRules;
import dev.hokan.engine.copy.IncomingCopies;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.copy.RemoteSites;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.hostpath.HostPaths;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.CachedIdentityCatalog;
import dev.hokan.engine.iam.Identities;
import dev.hokan.engine.iam.IdentityEvents;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.iam.OrganizationService;
import dev.hokan.engine.metrics.CellGauges;
import dev.hokan.engine.notification.NotificationChannels;
import dev.hokan.engine.notification.SigningKey;
import dev.hokan.engine.report.ReportStorage;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Hokan deployment: the accounts, identities and organisation in its directory, and one {@link Engine} per
 * account and served region (a cell), each with its own catalog and vaults, as AWS keeps accounts and regions
 * apart. The home cell lives in the data directory itself, every other one in {@code accounts/ACCOUNT/REGION/}.
 * A cell starts with the deployment when its catalog exists, when a node sharing the catalog creates it, or else
 * when first needed, and runs until the deployment stops. All cells share the one clock.
 */
public final class Deployment implements AutoCloseable {
    private static final Duration CATALOG_BACKUP_CHECK = Duration.ofMinutes(1);
    /** Where reports go without an S3 service: one directory per bucket below it. */
    public static final String REPORTS = "reports";

    private final DeploymentConfig config;
    private final DataDirLock lock;
    private final MasterKey masterKey;
    private final Catalogs catalogs;
    private final IdentityCatalog directory;
    private final Identities identities;
    private final OrganizationService organization;
    private final AccessControl access;
    private final HostPaths hostPaths;
    private final CopyRouter copies;
    private final RestoreAccessVaults restoreAccessVaults;
    private final IncomingCopies incomingCopies;
    private final NotificationChannels notifications;
    private final Map<Account, Engine> cells = new ConcurrentHashMap<>();
    private NodeHeartbeat heartbeat;
    private SharedManualClock sharedClock;
    private final CatalogBackups catalogBackups;
    private final ScheduledExecutorService catalogBackupTimer;
    private final ReportCoverage reportCoverage = new ReportCoverage(this);
    private final ReportStorage reportStorage;

    private Deployment(DeploymentConfig config, RemoteSites remoteSites) throws IOException {
        this.config = config;
        Path dataDir = Files.createDirectories(config.dataDir());
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        this.lock = DataDirLock.acquire(dataDir);
        Catalogs opened = null;
        try {
            this.masterKey = MasterKey.loadOrCreate(config.masterKeyFile());
            opened = Catalogs.open(config.catalogLocation());
            this.catalogs = opened;
            this.directory = catalogs.directory(dataDir);
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            lock.close();
            throw e;
        }
        CachedIdentityCatalog cachedDirectory = new CachedIdentityCatalog(directory);
        IdentityEvents directoryEvents = new CellEvents();
        this.identities = new Identities(cachedDirectory, config.clock(), directoryEvents);
        this.organization = new OrganizationService(cachedDirectory, config.clock(), identities, directoryEvents);
        this.access = new AccessControl(identities, organization);
        try {
            this.hostPaths = new HostPaths(directory, identities, config, this::registeredOutside, this::home);
            this.notifications = new NotificationChannels(SigningKey.loadOrCreate(directory, masterKey),
                    config.smtpRelay());
        } catch (IOException | RuntimeException e) {
            directory.close();
            catalogs.close();
            lock.close();
            throw e;
        }
        Map<String, RemoteRegion> remotes = new HashMap<>();
        config.remoteRegions().forEach(r -> remotes.put(r.region(), r));
        CopyRules copyRules = new CopyRules(access, organization);
        this.copies = new CopyRouter(this, identities, copyRules, Map.copyOf(remotes), remoteSites);
        this.incomingCopies = new IncomingCopies(this, copyRules, config.clock());
        this.reportStorage = ReportStorage.of(config.reportS3(), dataDir.resolve(REPORTS));
        this.restoreAccessVaults = new RestoreAccessVaults(this, access, organization);
        this.catalogBackups = new CatalogBackups(config.catalogBackup(), config.clock(), this, directory,
                masterKey.fingerprint());
        this.catalogBackupTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("hokan-catalog-backup").daemon().factory());
    }

    /**
     * Starts the deployment with the operator's root key for the home account, and every cell whose catalog exists;
     * copies into remote regions go through {@code remoteSites}.
     */
    public static Deployment start(DeploymentConfig config, KeyPair homeRootKey, RemoteSites remoteSites)
            throws IOException {
        Deployment deployment = new Deployment(config, remoteSites);
        try {
            if (config.clock() instanceof ManualServiceClock manual) {
                deployment.sharedClock = new SharedManualClock(deployment.directory, manual);
            }
            deployment.identities.ensureHomeAccount(config.home().accountId(), homeRootKey);
            deployment.cell(config.home().accountId(), config.home().region());
            deployment.startCellsWithCatalogs();
            deployment.heartbeat = new NodeHeartbeat(deployment.directory, config.nodeId(), deployment::runningJobs,
                    deployment::startCellsWithCatalogs);
            if (deployment.sharedClock != null) {
                deployment.sharedClock.followMoves(deployment::tick);
            }
            if (config.catalogBackup().enabled()) {
                deployment.catalogBackupTimer.scheduleWithFixedDelay(deployment.catalogBackups::backUpIfDue, 0,
                        CATALOG_BACKUP_CHECK.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** The engine of an account in a region this deployment serves, started if it was not running. */
    public Engine cell(String accountId, String region) {
        if (!config.regions().contains(region)) {
            throw ServiceException.invalidRequest("This Hokan deployment does not serve region " + region
                    + "; it serves " + regions());
        }
        Account account = new Account(accountId, region);
        Engine running = cells.get(account);
        if (running != null) {
            return running;
        }
        if (!identities.accountExists(accountId)) {
            throw ServiceException.notFound("Account " + accountId + " does not exist in this deployment");
        }
        synchronized (cells) {
            return cells.computeIfAbsent(account, this::startCell);
        }
    }

    public Engine home() {
        return cell(config.home().accountId(), config.home().region());
    }

    public Account homeAccount() {
        return config.home();
    }

    public boolean serves(String region) {
        return config.regions().contains(region);
    }

    /** The regions this deployment serves itself, in order. */
    public List<String> regions() {
        return config.regions().stream().sorted().toList();
    }

    public Identities identities() {
        return identities;
    }

    public OrganizationService organization() {
        return organization;
    }

    /** Decides what a principal may do, for every API call and every copy. */
    public AccessControl access() {
        return access;
    }

    /** Which host paths each account may back up and restore into. */
    public HostPaths hostPaths() {
        return hostPaths;
    }

    /** The host paths of the resources accounts other than {@code accountId} registered, in every region. */
    private List<Path> registeredOutside(String accountId) {
        return cells.entrySet().stream().filter(cell -> !cell.getKey().accountId().equals(accountId))
                .flatMap(cell -> cell.getValue().resources().list().stream())
                .flatMap(r -> r.kind().hostPaths(r.settings()).stream()).toList();
    }

    /** How the cells' notifications leave: the signing key, the SMTP relay, the server's endpoint. */
    public NotificationChannels notifications() {
        return notifications;
    }

    /** Copies other sites are sending into this deployment's vaults. */
    public RestoreAccessVaults restoreAccessVaults() {
        return restoreAccessVaults;
    }

    public IncomingCopies incomingCopies() {
        return incomingCopies;
    }

    public ServiceClock clock() {
        return config.clock();
    }

    /** This node's name among those serving the deployment. */
    public String nodeId() {
        return config.nodeId();
    }

    /** The nodes serving the deployment, as their last heartbeats left them. */
    public List<ClusterNode> nodes() {
        return directory.read(tx -> tx.nodes().all());
    }

    /** The claims the nodes hold on the jobs of the cells running here. */
    public List<JobClaim> jobClaims() {
        return cells.values().stream().flatMap(cell -> cell.jobClaims().stream()).toList();
    }

    /** What the running cells' catalogs tell a metrics scrape. */
    public List<CellGauges> cellGauges() {
        return cells.values().stream().map(Engine::gauges).toList();
    }

    private List<String> runningJobs() {
        return cells.values().stream().flatMap(cell -> cell.runningJobs().stream()).sorted().toList();
    }

    /** The cells running, each an account in a region. */
    List<Engine> cells() {
        return List.copyOf(cells.values());
    }

    /** Applies what is due in every running cell, and the catalog backup if one is due. */
    public void tick() {
        for (Engine cell : List.copyOf(cells.values())) {
            cell.tick();
        }
        if (config.catalogBackup().enabled()) {
            catalogBackups.backUpIfDue();
        }
    }

    /** Moves the manual clock and applies what became due everywhere. */
    public Instant advanceClock(Duration by) {
        return clockMoved(sharedClock().advance(by));
    }

    /** Sets the manual clock and applies what became due everywhere. */
    public Instant setClock(Instant to) {
        return clockMoved(sharedClock().set(to));
    }

    /**
     * Takes up the time another node of the cluster moved the manual clock to, so that what follows sees every move
     * committed before it; nothing on the system clock.
     */
    public void followClock() {
        if (sharedClock != null) {
            sharedClock.follow();
        }
    }

    /** Records the move by whoever made it, before the expiries and deletions it causes, which are the service's. */
    private Instant clockMoved(SharedManualClock.Move move) {
        Instant from = move.from();
        Instant now = move.to();
        home().events().record(EventType.CLOCK_MOVED, null, "Clock moved from " + from + " to " + now,
                Map.of("From", Long.toString(from.getEpochSecond()), "To", Long.toString(now.getEpochSecond())));
        tick();
        return now;
    }

    private SharedManualClock sharedClock() {
        if (sharedClock != null) {
            return sharedClock;
        }
        throw ServiceException.invalidRequest("The server runs on the system clock, which cannot be moved; start it"
                + " with --clock manual to move time by hand");
    }

    /**
     * Starts every cell of the deployment whose catalog exists and that is not running here yet, so that each node
     * runs the jobs of every cell, those other nodes sharing the catalog created included. A cell without a catalog
     * has nothing to run and is left to start when first needed: no empty catalog is made for every account and region.
     */
    private void startCellsWithCatalogs() {
        for (DeploymentAccount account : identities.accounts()) {
            for (String region : config.regions()) {
                Account cell = new Account(account.accountId(), region);
                if (!cells.containsKey(cell) && catalogs.cellExists(cellDir(cell), cell.accountId(), region)) {
                    // the account was read from the directory itself: another node may have created it after this
                    // node's view of the identities was loaded
                    synchronized (cells) {
                        cells.computeIfAbsent(cell, this::startCell);
                    }
                }
            }
        }
    }

    private Engine startCell(Account account) {
        try {
            VaultLocations vaults = account.equals(config.home()) ? config.vaultLocations()
                    : config.vaultLocations().below(belowHome(account));
            return Engine.start(new EngineConfig(cellDir(account), vaults, masterKey, account, config.clock(),
                    config.workers(), config.expiryWindow(), config.maxActiveLegalHolds(), catalogs, config.nodeId(),
                    config.jobLease()), copies, hostPaths, notifications, reportCoverage, reportStorage,
                    restoreAccessVaults);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Starting the cell of account " + account.accountId()
                    + " in " + account.region() + " failed", e);
        }
    }

    /** The engine of a cell whose catalog exists, started if it was not running; empty for any other cell. */
    Optional<Engine> existingCell(Account account) {
        if (cells.containsKey(account) || catalogs.cellExists(cellDir(account), account.accountId(),
                account.region())) {
            return Optional.of(cell(account.accountId(), account.region()));
        }
        return Optional.empty();
    }

    private Path cellDir(Account account) {
        return cellDir(config.dataDir(), config.home(), account);
    }

    /** Where a cell keeps its data: the home cell in the data directory itself, every other one below it. */
    static Path cellDir(Path dataDir, Account home, Account account) {
        return account.equals(home) ? dataDir : dataDir.resolve(belowHome(account));
    }

    /** Where a cell other than the home one keeps its data, below the home cell's: its catalog, caches and vaults. */
    static String belowHome(Account account) {
        return "accounts/" + account.accountId() + "/" + account.region() + "/";
    }

    /**
     * Changes to an account's identities go to the event log of its cell in the home region; changes to the whole
     * deployment to the home cell's, the operator's, and to that account's too when they concern one account.
     */
    private final class CellEvents implements IdentityEvents {
        @Override
        public void ofAccount(String accountId, EventType type, String resourceArn, String message,
                              Map<String, String> details) {
            cell(accountId, config.home().region()).events().record(type, resourceArn, message, details);
        }

        @Override
        public void ofDeployment(EventType type, String resourceArn, String message, Map<String, String> details) {
            home().events().record(type, resourceArn, message, details);
        }

        @Override
        public void ofDeploymentConcerning(String accountId, EventType type, String resourceArn, String message,
                                           Map<String, String> details) {
            ofDeployment(type, resourceArn, message, details);
            if (!accountId.equals(config.home().accountId())) {
                ofAccount(accountId, type, resourceArn, message, details);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (sharedClock != null) {
            sharedClock.close();
        }
        catalogBackupTimer.shutdownNow();
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (incomingCopies != null) {
            incomingCopies.close();
        }
        List<Exception> failures = new ArrayList<>();
        for (Engine cell : cells.values()) {
            try {
                cell.close();
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            if (directory != null) {
                directory.close();
            }
            catalogs.close();
        } finally {
            lock.close();
        }
        if (!failures.isEmpty()) {
            IOException failure = new IOException("Stopping " + failures.size() + " cell(s) failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
