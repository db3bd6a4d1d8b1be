package dev.hokan.engine;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.event.Event;
import dev.hokan.catalog.cell.event.EventFilter;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.engine.vault.WorkLeases;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The deployment's own catalogs, which the vaults cannot give back (plans, selections, jobs, events, holds,
 * identities), backed up by Hokan itself: once a day by the service clock, every catalog (the directory and each
 * cell's) is exported row for row into SQLite files laid out as an embedded data directory, and that directory is
 * backed up as a snapshot of the operator's vault, tagged with the time it was taken and the master key its secrets
 * (signing key, KMS key material) are sealed under. Backups older than the policy keeps them are deleted, the newest
 * never. A rotation of the master key makes one due at once: the backups before it hold secrets that only the old key
 * opened. So does the destruction of a KMS key, whose material the backups before it hold; those are then deleted.
 * {@link #restore} puts the newest the key opens back into an empty catalog.
 */
public final class CatalogBackups {
    private static final Logger LOG = Logger.getLogger(CatalogBackups.class.getName());
    /** What a catalog backup's snapshot names as its resource. */
    static final String RESOURCE = "hokan:catalogs";
    /** The snapshot tag that marks a catalog backup: when it was taken, by the service clock. */
    public static final String TAKEN_AT = "hokan:catalog-backup-taken-at";
    /** The snapshot tag naming, by its fingerprint, the master key that sealed the secrets a catalog backup holds. */
    static final String SEALED_UNDER = "hokan:catalog-backup-master-key";
    private static final Duration EVERY = Duration.ofDays(1);
    private static final int PAGE = 100;

    /** What a restore put back: the backup it came from and the catalogs with their rows. */
    public record Restored(Instant takenAt, String snapshotId, List<Account> cells, long rows) {
    }

    private final CatalogBackupPolicy policy;
    private final ServiceClock clock;
    private final Deployment deployment;
    private final IdentityCatalog directory;
    private final String masterKeyFingerprint;

    CatalogBackups(CatalogBackupPolicy policy, ServiceClock clock, Deployment deployment, IdentityCatalog directory,
                   String masterKeyFingerprint) {
        this.masterKeyFingerprint = masterKeyFingerprint;
        this.policy = policy;
        this.clock = clock;
        this.deployment = deployment;
        this.directory = directory;
    }

    /**
     * Takes a backup when the last one is a day old or there is none, then deletes those kept long enough. Of the
     * nodes sharing the catalog, the one that claims the work in the home cell's catalog does it, the others leave it;
     * the vault's snapshots, read once the claim is held, tell whether another node took today's backup already.
     */
    public synchronized void backUpIfDue() {
        if (!policy.enabled()) {
            return;
        }
        Engine home = deployment.home();
        WorkLeases leases = home.workLeases();
        try {
            if (!home.catalog().write(tx -> leases.claim(tx, policy.vaultName(), ClaimedWork.CATALOG_BACKUP))) {
                return;
            }
            try {
                backUpIfDue(home);
            } finally {
                leases.release(policy.vaultName(), ClaimedWork.CATALOG_BACKUP);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.WARNING, "Backing up the catalogs into vault " + policy.vaultName() + " failed; tried"
                    + " again later", e);
        }
    }

    private void backUpIfDue(Engine home) throws IOException, InterruptedException {
        if (!home.storage().exists(StorageClass.WARM, policy.vaultName())) {
            LOG.warning("Catalog backups go to vault " + policy.vaultName() + ", which does not exist; create it");
            return;
        }
        String keyArn = home.vaults().encryptionKeyArn(policy.vaultName());
        if (KeyReference.isKeyArn(keyArn)) {
            LOG.warning("Catalog backups go to vault " + policy.vaultName() + ", which is sealed under KMS key "
                    + keyArn + ": its material is in the catalogs the backup holds, so `hokan catalog restore`, which"
                    + " has only the master key, could not open it; back the catalogs up into a vault under the master"
                    + " key");
            return;
        }
        Instant now = clock.now();
        List<SnapshotInfo> backups = backups(home.storage(), policy.vaultName());
        Optional<Instant> keyDestroyed = backups.isEmpty() ? Optional.empty()
                : lastKeyDeletionSince(takenAt(backups.getFirst()));
        if (backups.isEmpty() || !now.isBefore(takenAt(backups.getLast()).plus(EVERY))
                || !masterKeyFingerprint.equals(backups.getLast().tags().get(SEALED_UNDER))
                || keyDestroyed.filter(takenAt(backups.getLast())::isBefore).isPresent()) {
            take(home, now);
            backups = backups(home.storage(), policy.vaultName());
        }
        Instant keptFrom = now.minus(Duration.ofDays(policy.keepDays()));
        // a backup taken before a KMS key was destroyed holds its material: kept, it would undo the crypto-shredding
        List<String> expired = backups.subList(0, backups.size() - 1).stream()
                .filter(b -> takenAt(b).isBefore(keptFrom) || keyDestroyed.filter(takenAt(b)::isBefore).isPresent())
                .map(SnapshotInfo::id).toList();
        if (!expired.isEmpty()) {
            home.storage().release(StorageClass.WARM, policy.vaultName(), expired);
        }
    }

    /** When the newest deletion of a KMS key after {@code since} completed, in any cell. */
    private Optional<Instant> lastKeyDeletionSince(Instant since) {
        EventFilter deletions = new EventFilter(EventType.KMS_KEY_DELETED.wireName(), null, null, since, null);
        Optional<Instant> newest = Optional.empty();
        for (Engine cell : deployment.cells()) {
            PageRequest page = new PageRequest(PAGE, null);
            while (page != null) {
                PageRequest request = page;
                Page<Event> events = cell.catalog().read(tx -> tx.events().list(deletions, request));
                for (Event e : events.items()) {
                    newest = newest.filter(e.time()::isBefore).or(() -> Optional.of(e.time()));
                }
                page = events.next() == null ? null : new PageRequest(PAGE, events.next());
            }
        }
        return newest;
    }

    private void take(Engine home, Instant now) throws IOException, InterruptedException {
        Path export = Files.createTempDirectory("hokan-catalog-backup");
        try {
            try (IdentityCatalog copy = IdentityCatalog.open(export.resolve(EmbeddedCatalogs.DIRECTORY_FILE))) {
                directory.copyInto(copy);
            }
            for (Engine cell : deployment.cells()) {
                Path cellDir = Files.createDirectories(Deployment.cellDir(export, deployment.homeAccount(),
                        cell.account()));
                try (CellCatalog copy = CellCatalog.open(cellDir.resolve(EmbeddedCatalogs.CELL_FILE))) {
                    cell.catalog().copyInto(copy);
                }
            }
            home.storage().withVault(policy.vaultName(), vault -> vault.backup(new BackupRequest(
                    BackupSource.directory(export), RESOURCE, Map.of(TAKEN_AT, now.toString(), SEALED_UNDER, masterKeyFingerprint),
                    ProgressListener.NONE)));
            LOG.info("Backed up the catalogs into vault " + policy.vaultName());
        } finally {
            deleteTree(export);
        }
    }

    /** The catalog backups in the vault, oldest first. */
    private static List<SnapshotInfo> backups(VaultStorage storage, String vaultName) throws IOException {
        return storage.snapshots(StorageClass.WARM, vaultName).stream().filter(s -> s.tags().containsKey(TAKEN_AT))
                .sorted(Comparator.comparing(CatalogBackups::takenAt)).toList();
    }

    private static Instant takenAt(SnapshotInfo backup) {
        return Instant.parse(backup.tags().get(TAKEN_AT));
    }

    /**
     * Restores the newest catalog backup of the home account's vault {@code vaultName} (in {@code locations}) into
     * {@code to}, which must hold no catalogs: an embedded data directory {@code dataDir}, or a PostgreSQL database
     * ({@code dataDir} null). {@code home} is the deployment's home account, whose catalog the backup holds at its top.
     */
    public static Restored restore(VaultLocations locations, MasterKey key, String vaultName, Account home,
                                   CatalogLocation to, Path dataDir) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("hokan-catalog-restore");
        try {
            Path restored = work.resolve("catalogs");
            SnapshotInfo newest;
            try (VaultStorage storage = new VaultStorage(work, key, locations)) {
                if (!storage.exists(StorageClass.WARM, vaultName)) {
                    throw new IllegalArgumentException("There is no vault " + vaultName + " in " + locations.storage());
                }
                List<SnapshotInfo> backups = backups(storage, vaultName);
                if (backups.isEmpty()) {
                    throw new IllegalArgumentException("Vault " + vaultName + " holds no catalog backup");
                }
                // a backup from before the tag existed does not say: it is tried
                List<SnapshotInfo> openable = backups.stream().filter(b -> !b.tags().containsKey(SEALED_UNDER)
                        || key.answersTo(b.tags().get(SEALED_UNDER))).toList();
                if (openable.isEmpty()) {
                    throw new IllegalArgumentException("The catalog backups of vault " + vaultName + " hold secrets"
                            + " sealed under another master key (" + backups.getLast().tags().get(SEALED_UNDER)
                            + "), not under this one (" + key.fingerprint() + ")");
                }
                newest = openable.getLast();
                storage.withVault(vaultName, vault -> vault.restore(new RestoreRequest(newest.id(),
                        RestoreSink.directory(restored))));
            }
            Path catalogDir = dataDir == null ? work : Files.createDirectories(dataDir);
            try (DataDirLock lock = DataDirLock.acquire(catalogDir); Catalogs catalogs = Catalogs.open(to)) {
                CatalogRebuild.requireEmpty(catalogs, catalogDir);
                long rows;
                try (IdentityCatalog source = IdentityCatalog.open(restored.resolve(EmbeddedCatalogs.DIRECTORY_FILE));
                     IdentityCatalog target = catalogs.directory(catalogDir)) {
                    rows = source.copyInto(target);
                }
                List<Account> cells = new ArrayList<>();
                for (Path file : cellFiles(restored)) {
                    Path relative = restored.relativize(file.getParent());
                    Account account = relative.toString().isEmpty() ? home
                            : new Account(relative.getName(1).toString(), relative.getName(2).toString());
                    try (CellCatalog source = CellCatalog.open(file)) {
                        Path cellDir = Files.createDirectories(catalogDir.resolve(relative.toString()));
                        try (CellCatalog target = catalogs.cell(cellDir, account.accountId(), account.region())) {
                            rows += source.copyInto(target);
                        }
                        cells.add(account);
                    }
                }
                return new Restored(takenAt(newest), newest.id(), cells, rows);
            }
        } finally {
            deleteTree(work);
        }
    }

    private static List<Path> cellFiles(Path restored) throws IOException {
        try (Stream<Path> files = Files.walk(restored, 4)) {
            return files.filter(f -> f.getFileName().toString().equals(EmbeddedCatalogs.CELL_FILE)).sorted().toList();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
