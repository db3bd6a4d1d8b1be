package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.JobClaim;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.audit.FrameworkService;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.continuous.ContinuousBackups;
import dev.hokan.engine.copy.CopyDestinations;
import dev.hokan.engine.copy.CopyExecution;
import dev.hokan.engine.copy.CopyJobKind;
import dev.hokan.engine.copy.CopyJobService;
import dev.hokan.engine.copy.CopyTargets;
import dev.hokan.engine.event.EventService;
import dev.hokan.engine.endpoint.Endpoints;
import dev.hokan.engine.hostpath.HostPaths;
import dev.hokan.engine.job.BackupExecution;
import dev.hokan.engine.job.BackupJobKind;
import dev.hokan.engine.job.BackupJobService;
import dev.hokan.engine.job.JobDispatcher;
import dev.hokan.engine.job.JobKind;
import dev.hokan.engine.job.JobLeases;
import dev.hokan.engine.job.RestoreExecution;
import dev.hokan.engine.job.RestoreJobKind;
import dev.hokan.engine.job.RestoreJobService;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsVaultSealers;
import dev.hokan.engine.lifecycle.ColdStorage;
import dev.hokan.engine.metrics.CellGauges;
import dev.hokan.engine.notification.BackupNotifications;
import dev.hokan.engine.notification.DeliveryService;
import dev.hokan.engine.notification.NotificationChannels;
import dev.hokan.engine.notification.TopicService;
import dev.hokan.engine.plan.PlanService;
import dev.hokan.engine.plan.SelectionService;
import dev.hokan.engine.protection.LegalHoldService;
import dev.hokan.engine.protection.StorageProtection;
import dev.hokan.engine.protection.VaultLockService;
import dev.hokan.engine.report.ReportCells;
import dev.hokan.engine.report.ReportPlanService;
import dev.hokan.engine.report.ReportRunner;
import dev.hokan.engine.report.ReportStorage;
import dev.hokan.engine.resource.ProtectedResourceService;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.ResourceService;
import dev.hokan.engine.restoretest.RestoreTestScheduler;
import dev.hokan.engine.restoretest.RestoreTestingService;
import dev.hokan.engine.restoretest.RestoreTests;
import dev.hokan.engine.schedule.Scheduler;
import dev.hokan.engine.vault.WorkLeases;
import dev.hokan.engine.vault.RecoveryPointService;
import dev.hokan.engine.vault.VaultRecords;
import dev.hokan.engine.vault.RestoreAccessService;
import dev.hokan.engine.vault.SharedPoints;
import dev.hokan.engine.vault.VaultService;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.engine.vault.VaultStorageHistory;
import dev.hokan.store.gc.GcReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine of one cell (an account in a region): its catalog, vaults and job workers behind one set of services.
 * Starting it recovers from an earlier stop: backups and copies that this node was running, or whose node's lease
 * ended, are queued again from scratch (the store keeps nothing half-made), such restores are failed with the reason,
 * interrupted deletions finish, what interrupted backups wrote into their vaults is freed, and legal holds left
 * CREATING or CANCELING settle. While it runs, it takes over the jobs of nodes whose leases end in the same way.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    private static final Duration TICK = Duration.ofSeconds(30);
    /** How often at most the engine looks for jobs whose node's lease ended. */
    private static final Duration TAKE_OVER = Duration.ofSeconds(5);
    private static final Duration RECORDS = Duration.ofSeconds(5);
    /** The cell's directory of restore tests' scratch directories. */
    private static final String RESTORE_TESTS = "restore-tests";

    private final EngineConfig config;
    private final CellCatalog catalog;
    private final CellContext cell;
    private final ResourceContext resourceContext;
    private final VaultStorage storage;
    private final JobLeases leases;
    private final JobDispatcher dispatcher;
    private final ScheduledExecutorService ticker;
    private final VaultService vaults;
    private final TagService tags;
    private final PlanService plans;
    private final SelectionService selections;
    private final ResourceService resources;
    private final BackupJobService backupJobs;
    private final RecoveryPointService recoveryPoints;
    private final RestoreJobService restoreJobs;
    private final CopyJobService copyJobs;
    private final CopyTargets copyTargets;
    private final ColdStorage coldStorage;
    private final ProtectedResourceService protectedResources;
    private final SettingsService settings;
    private final EventService events;
    private final LegalHoldService legalHolds;
    private final VaultLockService vaultLocks;
    private final SharedPoints sharedPoints;
    private final RestoreAccessService restoreAccess;
    private final StorageProtection storageProtection;
    private final Scheduler scheduler;
    private final ContinuousBackups continuousBackups;
    private final WorkLeases workLeases;
    private final VaultRecords vaultRecords;
    private final VaultStorageHistory storageHistory;
    /** Writes the vaults' records on a thread of its own: a first start after an upgrade writes one per point. */
    private final ScheduledExecutorService recorder;
    private final TopicService topics;
    private final KeyService keys;
    private final BackupNotifications backupNotifications;
    private final DeliveryService deliveries;
    private final CellGauges gauges;
    private final RestoreTests restoreTests;
    private final RestoreTestScheduler restoreTestScheduler;
    private final RestoreTestingService restoreTesting;
    private final FrameworkService frameworks;
    private final ReportRunner reportRunner;
    private final ReportPlanService reportPlans;

    private Engine(EngineConfig config, CopyDestinations destinations, HostPaths hostPaths, Endpoints endpoints,
                   NotificationChannels channels, ReportCells reportCells, ReportStorage reportStorage,
                   SharedPoints shared) throws IOException {
        this.config = config;
        Path cellDir = Files.createDirectories(config.cellDir());
        this.catalog = config.catalogs().cell(cellDir, config.account().accountId(), config.account().region());
        this.resourceContext = new ResourceContext(config.account(), hostPaths, endpoints, arn -> catalog.read(tx ->
                tx.resources().find(arn)).map(r -> ResourceSettings.parse(r.settings())));
        ServiceClock clock = config.clock();
        Account account = config.account();
        this.cell = new CellContext(catalog, clock, account);
        this.keys = new KeyService(cell, config.masterKey());
        KmsVaultSealers sealers = new KmsVaultSealers(cell, config.masterKey(), keys);
        try {
            this.storage = new VaultStorage(cellDir, sealers, config.vaultLocations());
        } catch (IOException | RuntimeException e) {
            catalog.close();
            throw e;
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hokan-ticker").daemon()
                .factory());
        this.storageProtection = new StorageProtection(catalog, clock, storage);
        this.leases = new JobLeases(catalog, config.nodeId(), config.jobLease());
        this.dispatcher = new JobDispatcher(catalog, clock, leases, config.workers(), storageProtection::protectSoon);
        this.vaults = new VaultService(cell, storage, sealers);
        this.tags = new TagService(catalog, account);
        this.plans = new PlanService(cell);
        this.selections = new SelectionService(catalog, clock);
        this.resources = new ResourceService(catalog, clock, resourceContext);
        this.backupJobs = new BackupJobService(catalog, clock, dispatcher, vaults);
        this.workLeases = new WorkLeases(catalog, config.nodeId());
        this.continuousBackups = new ContinuousBackups(cell, storage, resourceContext, config.expiryWindow(),
                workLeases);
        this.recoveryPoints = new RecoveryPointService(cell, storage, storageProtection, continuousBackups, workLeases);
        this.restoreJobs = new RestoreJobService(catalog, clock, recoveryPoints, dispatcher, resourceContext,
                continuousBackups, shared);
        this.sharedPoints = shared;
        this.restoreAccess = new RestoreAccessService(cell, vaults);
        this.copyJobs = new CopyJobService(catalog, clock, recoveryPoints, dispatcher);
        this.copyTargets = new CopyTargets(cell, storage, config.expiryWindow());
        this.coldStorage = new ColdStorage(catalog, clock, storage, recoveryPoints, workLeases);
        this.protectedResources = new ProtectedResourceService(catalog);
        this.settings = new SettingsService(catalog);
        this.events = new EventService(catalog, clock);
        this.legalHolds = new LegalHoldService(cell, config.maxActiveLegalHolds(), ticker, storageProtection);
        this.vaultLocks = new VaultLockService(cell, storageProtection);
        this.scheduler = new Scheduler(catalog, clock);
        this.vaultRecords = new VaultRecords(catalog, account, storage);
        this.storageHistory = new VaultStorageHistory(cell, vaults, workLeases);
        this.recorder = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hokan-vault-records")
                .daemon().factory());
        this.topics = new TopicService(cell, channels, endpoints);
        this.backupNotifications = new BackupNotifications(cell);
        this.deliveries = new DeliveryService(cell, channels, endpoints, config.nodeId());
        this.gauges = new CellGauges(cell, deliveries::attemptCounts);
        this.restoreTests = new RestoreTests(cell, storage, resourceContext, cellDir.resolve(RESTORE_TESTS));
        this.restoreTestScheduler = new RestoreTestScheduler(cell, restoreTests);
        this.restoreTesting = new RestoreTestingService(cell, recoveryPoints, restoreTests);
        this.frameworks = new FrameworkService(cell, storage, destinations);
        this.reportRunner = new ReportRunner(cell, config.nodeId(), reportCells, reportStorage);
        this.reportPlans = new ReportPlanService(cell, reportCells, reportRunner);
    }

    /**
     * Starts the engine; copies out of it go where {@code destinations} say, and its backups and restores use only
     * the host paths {@code hostPaths} allow its account, and connect only to the endpoints {@code endpoints} allow it,
     * as its notifications do, which leave through {@code channels}; its
     * reports cover the cells {@code reportCells} gives and are written to {@code reportStorage}; points other accounts
     * share with it are read through {@code shared}.
     */
    static Engine start(EngineConfig config, CopyDestinations destinations, HostPaths hostPaths, Endpoints endpoints,
                        NotificationChannels channels, ReportCells reportCells, ReportStorage reportStorage,
                        SharedPoints shared) throws IOException {
        Engine engine = new Engine(config, destinations, hostPaths, endpoints, channels, reportCells, reportStorage,
                shared);
        ResourceContext resourceContext = engine.resourceContext;
        List<JobKind<?>> kinds = List.of(
                new BackupJobKind(new BackupExecution(engine.catalog, config.clock(), engine.storage,
                        engine.vaults, config.expiryWindow(), resourceContext, engine.continuousBackups)),
                new RestoreJobKind(new RestoreExecution(engine.catalog, config.clock(), engine.storage,
                        resourceContext, engine.continuousBackups, engine.restoreTests, shared),
                        engine.restoreTests::startWindow),
                new CopyJobKind(new CopyExecution(engine.cell, engine.storage, destinations)));
        try {
            engine.recoverInterruptedWork(kinds);
            engine.dispatcher.start(kinds);
            engine.continuousBackups.resume();
            engine.deliveries.start();
            engine.reportRunner.start();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        engine.ticker.scheduleWithFixedDelay(engine::scheduledTick, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
        long takeOver = Math.min(TAKE_OVER.toMillis(), config.jobLease().dividedBy(3).toMillis());
        engine.ticker.scheduleWithFixedDelay(() -> engine.takeOverJobs(kinds), takeOver, takeOver,
                TimeUnit.MILLISECONDS);
        engine.recorder.scheduleWithFixedDelay(engine::writeVaultRecords, 0, RECORDS.toSeconds(), TimeUnit.SECONDS);
        return engine;
    }

    private void recoverInterruptedWork(List<JobKind<?>> kinds) {
        leases.takeOver(kinds, true, config.clock().now()).forEach(this::reclaimInterruptedBackup);
        legalHolds.settleInterrupted();
        recoveryPoints.resumeDeletions();
        coldStorage.resume();
    }

    /** Takes over the jobs whose node's lease ended, and starts them again or ends them. */
    private void takeOverJobs(List<JobKind<?>> kinds) {
        try {
            leases.takeOver(kinds, false, config.clock().now()).forEach(this::reclaimInterruptedBackup);
            dispatcher.pump();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Looking for jobs whose node's lease ended failed; retried shortly", e);
        }
    }

    /**
     * At start, before any job starts again, so that the collection can complete at once: no session of this run
     * holds it. Later, the collection leaves alone what backups running meanwhile write (docs/gc.md).
     */
    private void reclaimInterruptedBackup(String vaultName) {
        try {
            if (storage.exists(StorageClass.WARM, vaultName)) {
                GcReport freed = storage.reclaimInterrupted(vaultName);
                LOG.info("Vault " + vaultName + ": freed " + freed.bytesFreed() + " bytes in " + freed.packsDeleted()
                        + " packs that a backup interrupted by the last stop had written");
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Freeing what an interrupted backup left in vault " + vaultName + " failed; the"
                    + " next garbage collection of the vault frees it", e);
        }
    }

    /**
     * Applies everything that is due at the clock's current time: legal hold statuses, retention, moves to cold
     * storage, plan firings, job windows, the daily evaluation of frameworks, samples of the vaults' storage, token
     * expiry.
     */
    public void tick() {
        Actor.asService(() -> {
            legalHolds.settle();
            keys.applyDue();
            recoveryPoints.expire();
            coldStorage.moveDue();
            scheduler.run();
            restoreTestScheduler.run();
            restoreTests.deleteDue();
            frameworks.evaluateDue();
            reportRunner.tick();
            continuousBackups.endUnprotected();
            continuousBackups.resume();
            dispatcher.pump();
            storageProtection.protectSoon();
            storageHistory.sampleDue();
            Idempotency.forgetExpired(catalog, config.clock().now());
        });
    }

    private void scheduledTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Applying due retention and job windows failed; retried at the next tick", e);
        }
    }

    private void writeVaultRecords() {
        try {
            vaultRecords.writePending();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Recording the catalog's changes in the vaults failed; retried shortly", e);
        }
    }

    public Account account() {
        return config.account();
    }

    CellCatalog catalog() {
        return catalog;
    }

    /** This node's claims on work in the cell. */
    WorkLeases workLeases() {
        return workLeases;
    }

    VaultStorage storage() {
        return storage;
    }

    public ServiceClock clock() {
        return config.clock();
    }

    /** This cell's part in restore access to air-gapped vaults, as their owner or as a reader. */
    public RestoreAccessService restoreAccess() {
        return restoreAccess;
    }

    /** The points of other accounts this cell's restore access vaults read. */
    public SharedPoints sharedPoints() {
        return sharedPoints;
    }

    public VaultService vaults() {
        return vaults;
    }

    /** What the vaults' storage held, day by day. */
    public VaultStorageHistory storageHistory() {
        return storageHistory;
    }

    public TagService tags() {
        return tags;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public PlanService plans() {
        return plans;
    }

    public SelectionService selections() {
        return selections;
    }

    public ResourceService resources() {
        return resources;
    }

    public BackupJobService backupJobs() {
        return backupJobs;
    }

    public RecoveryPointService recoveryPoints() {
        return recoveryPoints;
    }

    public RestoreJobService restoreJobs() {
        return restoreJobs;
    }

    public RestoreTestingService restoreTesting() {
        return restoreTesting;
    }

    /** The audit frameworks of this cell and their latest evaluations. */
    public FrameworkService frameworks() {
        return frameworks;
    }

    public ReportPlanService reportPlans() {
        return reportPlans;
    }

    public CopyJobService copyJobs() {
        return copyJobs;
    }

    public ProtectedResourceService protectedResources() {
        return protectedResources;
    }

    public CopyTargets copyTargets() {
        return copyTargets;
    }

    public ColdStorage coldStorage() {
        return coldStorage;
    }

    public SettingsService settings() {
        return settings;
    }

    public EventService events() {
        return events;
    }

    /** The claims nodes hold on this cell's jobs. */
    public List<JobClaim> jobClaims() {
        return leases.held();
    }

    /** What this cell's catalog tells a metrics scrape. */
    public CellGauges gauges() {
        return gauges;
    }

    /** The jobs this cell's workers are running, by ID. */
    public List<String> runningJobs() {
        return dispatcher.runningJobIds();
    }

    /** The SNS topics and subscriptions of this cell. */
    public TopicService topics() {
        return topics;
    }

    /** The KMS keys of this cell. */
    public KeyService keys() {
        return keys;
    }

    public BackupNotifications backupNotifications() {
        return backupNotifications;
    }

    /** The outbox of this cell's notifications and what became of them. */
    public DeliveryService deliveries() {
        return deliveries;
    }

    public LegalHoldService legalHolds() {
        return legalHolds;
    }

    public VaultLockService vaultLocks() {
        return vaultLocks;
    }

    @Override
    public void close() throws IOException {
        ticker.shutdownNow();
        recorder.shutdown();
        try {
            deliveries.close();
            reportRunner.close();
            continuousBackups.close();
            dispatcher.close();
            recoveryPoints.close();
            coldStorage.close();
            storageProtection.close();
            workLeases.close();
            // after any write under way (VaultRecords takes turns), so that what this run changed is recorded
            writeVaultRecords();
        } finally {
            storage.close();
            catalog.close();
        }
    }
}
