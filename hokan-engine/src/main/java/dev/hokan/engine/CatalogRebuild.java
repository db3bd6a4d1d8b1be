package dev.hokan.engine;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.catalog.PostgresCatalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.kms.KmsVaultSealers;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.vault.PointRecord;
import dev.hokan.engine.vault.SnapshotTags;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.engine.vault.VaultRecord;
import dev.hokan.engine.vault.VaultRecords;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Rebuilds a deployment's cell catalogs from its vaults alone, into catalogs that hold nothing yet: each vault with
 * what it records of itself (tags, access policy, lock), each recovery point with what its vault records of it
 * (lifecycle, retention, tags, plan and job) and the registered resources they came from. A point its vault has no
 * record of (made before vaults kept records) is rebuilt from its snapshot: ID, resource, date, size and tags, kept
 * for ever. What vaults do not hold (plans, selections, jobs, events, legal holds, identities) is not rebuilt; the
 * catalog backups hold it.
 */
public final class CatalogRebuild {
    /** What was rebuilt in one cell, and what could not be. */
    public record Cell(Account account, int vaults, int points, int pointsFromSnapshots, int resources,
                       List<String> problems) {
    }

    private CatalogRebuild() {
    }

    /**
     * Rebuilds the catalog of every cell that has vaults in {@code locations} (the home cell's at the locations
     * themselves, other accounts' below {@code accounts/ACCOUNT/REGION/}) into {@code to}; an embedded catalog goes
     * into {@code dataDir}, which must hold no catalog, as a PostgreSQL database must hold none ({@code dataDir} is
     * then null).
     */
    public static List<Cell> run(VaultLocations locations, MasterKey key, Account home, CatalogLocation to,
                                 Path dataDir) throws IOException {
        Path caches = Files.createTempDirectory("hokan-rebuild");
        try {
            Path catalogDir = dataDir == null ? caches : Files.createDirectories(dataDir);
            try (DataDirLock lock = DataDirLock.acquire(catalogDir); Catalogs catalogs = Catalogs.open(to)) {
                requireEmpty(catalogs, catalogDir);
                List<Cell> rebuilt = new ArrayList<>();
                for (Account cell : cells(locations, home)) {
                    VaultLocations cellLocations = cell.equals(home) ? locations
                            : locations.below(Deployment.belowHome(cell));
                    List<String> notes = cell.equals(home) ? List.of() : List.of("Account " + cell.accountId()
                            + " is not in the vaults: its rebuilt cell is served once the account is in the directory,"
                            + " which a catalog backup gives back");
                    Path cache = caches.resolve("cache-" + cell.accountId() + "-" + cell.region());
                    try (VaultStorage storage = new VaultStorage(cache, key, cellLocations);
                         CellCatalog catalog = catalogs.cell(Files.createDirectories(
                                 Deployment.cellDir(catalogDir, home, cell)), cell.accountId(), cell.region())) {
                        rebuilt.add(new CellRebuild(cell, cellLocations, storage, notes).into(catalog));
                    }
                }
                return rebuilt;
            }
        } finally {
            CatalogBackups.deleteTree(caches);
        }
    }

    static void requireEmpty(Catalogs catalogs, Path dataDir) throws IOException {
        boolean empty = switch (catalogs) {
            case PostgresCatalogs postgres -> postgres.empty();
            default -> !Files.exists(dataDir.resolve(EmbeddedCatalogs.DIRECTORY_FILE))
                    && !Files.exists(dataDir.resolve(EmbeddedCatalogs.CELL_FILE)) && !anyCellFile(dataDir);
        };
        if (!empty) {
            throw new IllegalStateException("The catalog to rebuild into already holds Hokan catalogs; rebuild into"
                    + " an empty one: a data directory without " + EmbeddedCatalogs.DIRECTORY_FILE + " and "
                    + EmbeddedCatalogs.CELL_FILE + " files, or a PostgreSQL database without Hokan's schemas");
        }
    }

    private static boolean anyCellFile(Path dataDir) throws IOException {
        Path accounts = dataDir.resolve("accounts");
        if (!Files.isDirectory(accounts)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(accounts, 3)) {
            return files.anyMatch(f -> f.getFileName().toString().equals(EmbeddedCatalogs.CELL_FILE));
        }
    }

    /** The home cell, and each account and region with vaults below {@code accounts/}. */
    static List<Account> cells(VaultLocations locations, Account home) throws IOException {
        Set<Account> cells = new LinkedHashSet<>();
        cells.add(home);
        for (var tier : List.of(locations.storage(), locations.coldStorage())) {
            var store = locations.providers().open(tier);
            for (String account : store.children("accounts/")) {
                for (String region : store.children("accounts/" + account + "/")) {
                    cells.add(new Account(account, region));
                }
            }
        }
        return List.copyOf(cells);
    }

    /** The rebuild of one cell's catalog from its vaults. */
    private static final class CellRebuild {
        private final Account account;
        private final VaultLocations locations;
        private final VaultStorage storage;
        private final List<String> problems;
        private final Map<String, PointRecord.ResourceRecord> resources = new LinkedHashMap<>();
        private int vaults;
        private int points;
        private int fromSnapshots;

        CellRebuild(Account account, VaultLocations locations, VaultStorage storage, List<String> problems) {
            this.account = account;
            this.locations = locations;
            this.storage = storage;
            this.problems = new ArrayList<>(problems);
        }

        Cell into(CellCatalog catalog) throws IOException {
            Set<String> names = new TreeSet<>(storage.names(StorageClass.WARM));
            names.addAll(storage.names(StorageClass.COLD));
            for (String name : names) {
                Optional<String> key = kmsKey(name);
                if (key.isPresent()) {
                    problems.add("Vault " + name + " is sealed under KMS key " + key.get() + ", whose material was"
                            + " in the lost catalog's key store: not rebuilt; restore the catalog backup (procedure 1)"
                            + " to have it back with its points");
                } else {
                    rebuildVault(catalog, name);
                }
            }
            catalog.write(tx -> {
                for (PointRecord.ResourceRecord r : resources.values()) {
                    tx.resources().insert(r.resource());
                    tx.tags().put(r.arn(), r.tags());
                }
                return null;
            });
            return new Cell(account, vaults, points, fromSnapshots, resources.size(), List.copyOf(problems));
        }

        /** The KMS key that seals the vault, when one does, as its marker names it. */
        private Optional<String> kmsKey(String name) throws IOException {
            for (URI tier : List.of(locations.warmTier(), locations.coldTier())) {
                BlobStore store = locations.providers().open(tier.resolve(name + "/"));
                if (Vault.exists(store)) {
                    return Vault.sealedUnder(store).flatMap(KmsVaultSealers::keyArnOf);
                }
            }
            return Optional.empty();
        }

        private void rebuildVault(CellCatalog catalog, String name) throws IOException {
            boolean warm = storage.exists(StorageClass.WARM, name);
            Optional<VaultRecord> record = warm ? VaultRecords.vaultRecord(storage, name) : Optional.empty();
            List<PointRecord> recorded = warm ? VaultRecords.pointRecords(storage, name) : List.of();
            Map<StorageClass, Map<String, SnapshotInfo>> snapshots = new EnumMap<>(StorageClass.class);
            for (StorageClass tier : StorageClass.values()) {
                Map<String, SnapshotInfo> byId = new HashMap<>();
                if (storage.exists(tier, name)) {
                    storage.snapshots(tier, name).forEach(s -> byId.put(s.id(), s));
                }
                snapshots.put(tier, byId);
            }
            List<RecoveryPoint> rebuilt = new ArrayList<>();
            Map<String, Map<String, String>> tags = new HashMap<>();
            Set<String> used = new HashSet<>();
            for (PointRecord r : recorded) {
                located(r, snapshots).ifPresentOrElse(located -> {
                    rebuilt.add(located.point());
                    tags.put(r.recoveryPointId(), r.tags());
                    used.add(located.storageClass() + "/" + located.snapshotId());
                    if (r.resource() != null) {
                        resources.putIfAbsent(r.resource().arn(), r.resource());
                    }
                }, () -> problems.add("Recovery point " + r.recoveryPointArn() + " of vault " + name
                        + ": its snapshot " + r.snapshotId() + " is no longer in the vault (it was being deleted)"));
            }
            Set<String> known = new HashSet<>();
            rebuilt.forEach(p -> known.add(p.recoveryPointId()));
            for (StorageClass tier : StorageClass.values()) {
                for (SnapshotInfo s : snapshots.get(tier).values().stream()
                        .sorted(Comparator.comparing(SnapshotInfo::time)).toList()) {
                    if (used.contains(tier + "/" + s.id())) {
                        continue;
                    }
                    String id = s.tags().get(SnapshotTags.RECOVERY_POINT_ID);
                    if (s.tags().containsKey(CatalogBackups.TAKEN_AT)) {
                        continue;
                    }
                    if (id == null) {
                        problems.add("Vault " + name + ": snapshot " + s.id() + " is not a recovery point of the"
                                + " server (made with `hokan vault backup`?); left out");
                    } else if (known.add(id)) {
                        rebuilt.add(fromSnapshot(name, tier, id, s));
                        tags.put(id, userTags(s.tags()));
                        fromSnapshots++;
                    }
                }
            }
            BackupVault vault = record.map(VaultRecord::vault).orElseGet(() -> {
                problems.add("Vault " + name + " has no record of its settings (made before vaults kept one):"
                        + " rebuilt without tags, access policy or lock");
                return new BackupVault(name, rebuilt.stream().map(RecoveryPoint::creationDate)
                        .min(Comparator.naturalOrder()).orElse(Instant.now()), null, account.masterKeyArn(), 0);
            });
            catalog.write(tx -> {
                insertVault(tx, vault, record);
                for (RecoveryPoint p : rebuilt) {
                    tx.recoveryPoints().insert(p);
                    tx.tags().put(account.recoveryPointArn(p.recoveryPointId()), tags.get(p.recoveryPointId()));
                }
                return null;
            });
            vaults++;
            points += rebuilt.size();
        }

        private void insertVault(CellTx tx, BackupVault vault, Optional<VaultRecord> record) {
            tx.vaults().insert(vault);
            record.ifPresent(r -> {
                tx.tags().put(account.vaultArn(vault.name()), r.tags());
                if (r.accessPolicy() != null) {
                    tx.vaultAccessPolicies().put(vault.name(), r.accessPolicy());
                }
                if (r.vaultLock() != null) {
                    tx.vaultLocks().put(r.vaultLock());
                }
            });
        }

        /**
         * The record as it stands, when its snapshot is where it says; else where a move to cold storage interrupted
         * before the record followed it left the point: the snapshot of either tier that names the point.
         */
        private static Optional<PointRecord> located(PointRecord r, Map<StorageClass, Map<String, SnapshotInfo>> snapshots) {
            if (snapshots.get(r.storageClass()).containsKey(r.snapshotId())) {
                return Optional.of(r);
            }
            for (StorageClass tier : List.of(StorageClass.COLD, StorageClass.WARM)) {
                for (SnapshotInfo s : snapshots.get(tier).values()) {
                    if (r.recoveryPointId().equals(s.tags().get(SnapshotTags.RECOVERY_POINT_ID))) {
                        return Optional.of(r.storedIn(tier, s.id()));
                    }
                }
            }
            return Optional.empty();
        }

        private RecoveryPoint fromSnapshot(String vaultName, StorageClass tier, String id, SnapshotInfo s) {
            Optional<Arn> arn = Arn.parse(s.resource());
            String kindAndName = arn.map(Arn::resource).orElse(s.resource());
            int slash = kindAndName.indexOf('/');
            String arnKind = slash < 0 ? kindAndName : kindAndName.substring(0, slash);
            ResourceType type = ResourceKinds.all().stream().filter(k -> k.arnKind().equals(arnKind))
                    .map(ResourceKind::type).findFirst().orElse(new ResourceType(arnKind));
            return RecoveryPoint.builder()
                    .recoveryPointId(id)
                    .vaultName(vaultName)
                    .resourceArn(s.resource())
                    .resourceType(type)
                    .resourceName(slash < 0 ? kindAndName : kindAndName.substring(slash + 1))
                    .snapshotId(s.id())
                    .status(s.status() == SnapshotStatus.PARTIAL ? RecoveryPointStatus.PARTIAL
                            : RecoveryPointStatus.COMPLETED)
                    .creationDate(s.time())
                    .completionDate(s.time())
                    .backupSizeInBytes(s.totalBytes())
                    .fileCount(s.fileCount())
                    .sourceLocation(s.sourcePath())
                    .iamRoleArn("")
                    .backupJobId("")
                    .lifecycle(Lifecycle.KEEP_FOREVER)
                    .storageClass(tier)
                    .retention(RetentionClock.RUNNING)
                    .build();
        }

        private static Map<String, String> userTags(Map<String, String> snapshotTags) {
            Map<String, String> tags = new LinkedHashMap<>(snapshotTags);
            tags.remove(SnapshotTags.RECOVERY_POINT_ID);
            return tags;
        }
    }
}
