package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.continuous.ContinuousBackups;
import dev.hokan.engine.copy.CopyDestinations;
import dev.hokan.engine.copy.CopyExecution;
import dev.hokan.engine.copy.CopyJobKind;
import dev.hokan.engine.copy.CopyJobService;
import dev.hokan.engine.copy.CopyTargets;
import dev.hokan.engine.event.EventService;
import dev.hokan.engine.hostpath.HostPaths;
import dev.hokan.engine.job.BackupExecution;
import dev.hokan.engine.job.BackupJobKind;
import dev.hokan.engine.job.BackupJobService;
import dev.hokan.engine.job.JobDispatcher;
import dev.hokan.engine.job.JobKind;
import dev.hokan.engine.job.RestoreExecution;
import dev.hokan.engine.job.RestoreJobKind;
import dev.hokan.engine.job.RestoreJobService;
import dev.hokan.engine.lifecycle.ColdStorage;
import dev.hokan.engine.plan.PlanService;
import dev.hokan.engine.plan.SelectionService;
import dev.hokan.engine.protection.LegalHoldService;
import dev.hokan.engine.protection.StorageProtection;
import dev.hokan.engine.protection.VaultLockService;
import dev.hokan.engine.resource.ProtectedResourceService;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.ResourceService;
import dev.hokan.engine.schedule.Scheduler;
import dev.hokan.engine.vault.WorkLeases;
import dev.hokan.engine.vault.RecoveryPointService;
import dev.hokan.engine.vault.VaultService;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.gc.GcReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine of one cell (an account in a region): its catalog, vaults and job workers behind one set of services.
 * Starting it recovers from an earlier stop: backups and copies that were running are queued again from scratch (the
 * store keeps nothing half-made), restores that were running are failed with the reason, interrupted deletions
 * finish, what interrupted backups wrote into their vaults is freed, and legal holds left CREATING or CANCELING settle.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    private static final Duration TICK = Duration.ofSeconds(30);

    private final EngineConfig config;
    private final CellCatalog catalog;
    private final CellContext cell;
    private final ResourceContext resourceContext;
    private final VaultStorage storage;
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
    private final StorageProtection storageProtection;
    private final Scheduler scheduler;
    private final ContinuousBackups continuousBackups;
    private final WorkLeases workLeases;

    private Engine(EngineConfig config, HostPaths hostPaths) throws IOException {
        this.config = config;
        Path cellDir = Files.createDirectories(config.cellDir());
        this.catalog = config.catalogs().cell(cellDir, config.account().accountId(), config.account().region());
        this.resourceContext = new ResourceContext(config.account(), hostPaths, arn -> catalog.read(tx ->
                tx.resources().find(arn)).map(r -> ResourceSettings.parse(r.settings())));
        try {
            this.storage = new VaultStorage(cellDir, config.masterKey(), config.vaultLocations());
        } catch (IOException | RuntimeException e) {
            catalog.close();
            throw e;
        }
        ServiceClock clock = config.clock();
        Account account = config.account();
        this.cell = new CellContext(catalog, clock, account);
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hokan-ticker").daemon()
                .factory());
        this.storageProtection = new StorageProtection(catalog, clock, storage);
        this.dispatcher = new JobDispatcher(catalog, clock, config.workers(), storageProtection::protectSoon);
        this.vaults = new VaultService(cell, storage);
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
                continuousBackups);
        this.copyJobs = new CopyJobService(catalog, clock, recoveryPoints, dispatcher);
        this.copyTargets = new CopyTargets(cell, storage, config.expiryWindow());
        this.coldStorage = new ColdStorage(catalog, clock, storage, recoveryPoints, workLeases);
        this.protectedResources = new ProtectedResourceService(catalog);
        this.settings = new SettingsService(catalog);
        this.events = new EventService(catalog, clock);
        this.legalHolds = new LegalHoldService(cell, config.maxActiveLegalHolds(), ticker, storageProtection);
        this.vaultLocks = new VaultLockService(cell, storageProtection);
        this.scheduler = new Scheduler(catalog, clock);
    }

    /**
     * Starts the engine; copies out of it go where {@code destinations} say, and its backups and restores use only
     * the host paths {@code hostPaths} allow its account.
     */
    static Engine start(EngineConfig config, CopyDestinations destinations, HostPaths hostPaths) throws IOException {
        Engine engine = new Engine(config, hostPaths);
        ResourceContext resourceContext = engine.resourceContext;
        try {
            List<JobKind<?>> kinds = List.of(
                    new BackupJobKind(new BackupExecution(engine.catalog, config.clock(), engine.storage,
                            engine.vaults, config.expiryWindow(), resourceContext, engine.continuousBackups)),
                    new RestoreJobKind(new RestoreExecution(engine.catalog, config.clock(), engine.storage,
                            resourceContext, engine.continuousBackups)),
                    new CopyJobKind(new CopyExecution(engine.cell, engine.storage, destinations)));
            engine.recoverInterruptedWork(kinds);
            engine.dispatcher.start(kinds);
            engine.continuousBackups.resume();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        engine.ticker.scheduleWithFixedDelay(engine::scheduledTick, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
        return engine;
    }

    private void recoverInterruptedWork(List<JobKind<?>> kinds) {
        Instant now = config.clock().now();
        Set<String> interruptedVaults = new TreeSet<>();
        catalog.write(tx -> {
            kinds.forEach(kind -> interruptedVaults.addAll(kind.recoverInterrupted(tx, now)));
            return null;
        });
        interruptedVaults.forEach(this::reclaimInterruptedBackup);
        legalHolds.settleInterrupted();
        recoveryPoints.resumeDeletions();
        coldStorage.resume();
    }

    /** Runs before any job starts again, so that the collection can complete at once: no session of this run holds it. */
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
     * storage, plan firings, job windows, token expiry.
     */
    public void tick() {
        Actor.asService(() -> {
            legalHolds.settle();
            recoveryPoints.expire();
            coldStorage.moveDue();
            scheduler.run();
            continuousBackups.endUnprotected();
            continuousBackups.resume();
            dispatcher.pump();
            storageProtection.protectSoon();
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

    public Account account() {
        return config.account();
    }

    public ServiceClock clock() {
        return config.clock();
    }

    public VaultService vaults() {
        return vaults;
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

    /** The jobs this cell's workers are running, by ID. */
    public List<String> runningJobs() {
        return dispatcher.runningJobIds();
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
        try {
            continuousBackups.close();
            dispatcher.close();
            recoveryPoints.close();
            coldStorage.close();
            storageProtection.close();
            workLeases.close();
        } finally {
            storage.close();
            catalog.close();
        }
    }
}
