package dev.hokan.catalog.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.catalog.CatalogException;
import dev.hokan.catalog.Cursor;
import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.plan.PlanRevision;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.protection.DescribedVault;
import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.ReleasedSnapshot;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.catalog.cell.vault.VaultRecordQueue;
import dev.hokan.catalog.cell.vault.RestoreAccess;
import dev.hokan.catalog.cell.vault.VaultState;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.catalog.identity.IamPrincipal;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.identity.OrgPolicy;
import dev.hokan.catalog.sql.Migrations;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path dir;

    private static BackupVault vault(String name, long millis) {
        return new BackupVault(name, Instant.ofEpochMilli(millis), null, "arn:key", 0);
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void migratesOnceAndReopens(CatalogBackend backend) {
        Supplier<CellCatalog> place = backend.cell(dir);
        try (CellCatalog catalog = place.get()) {
            catalog.write(tx -> {
                tx.vaults().insert(vault("kept", 1));
                return null;
            });
        }
        try (CellCatalog reopened = place.get()) {
            Optional<BackupVault> kept = reopened.read(tx -> tx.vaults().find("kept"));
            assertThat(kept).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void vaultsKeepTheirTypeStateAndSourceAndListByType(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.vaults().insert(vault("plain", 1));
                tx.vaults().insert(new BackupVault("gapped", Instant.ofEpochMilli(2), "req", "arn:key", 0,
                        VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT, VaultState.CREATING, null));
                tx.vaults().insert(new BackupVault("access", Instant.ofEpochMilli(3), null, "arn:key", 0,
                        VaultType.RESTORE_ACCESS_BACKUP_VAULT, VaultState.AVAILABLE, "arn:source"));
                tx.vaults().setState("gapped", VaultState.AVAILABLE);
                tx.restoreAccesses().insert(new RestoreAccess("gapped", "arn:access", Instant.ofEpochMilli(4), "why"));
                return null;
            });
            assertThat(catalog.read(tx -> tx.vaults().find("plain")).orElseThrow().type())
                    .isEqualTo(VaultType.BACKUP_VAULT);
            assertThat(catalog.read(tx -> tx.vaults().find("gapped")).orElseThrow().state())
                    .isEqualTo(VaultState.AVAILABLE);
            assertThat(catalog.read(tx -> tx.vaults().find("access")).orElseThrow().sourceVaultArn())
                    .isEqualTo("arn:source");
            assertThat(catalog.read(tx -> tx.vaults().list(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT,
                    new PageRequest(10, null))).items()).extracting(BackupVault::name).containsExactly("gapped");
            assertThat(catalog.read(tx -> tx.restoreAccesses().list("gapped", new PageRequest(10, null))).items())
                    .extracting(RestoreAccess::requesterComment).containsExactly("why");
            boolean deleted = catalog.write(tx -> tx.restoreAccesses().delete("gapped", "arn:access"));
            Optional<RestoreAccess> gone = catalog.read(tx -> tx.restoreAccesses().find("gapped", "arn:access"));
            assertThat(deleted).isTrue();
            assertThat(gone).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aVaultIsDescribedWithItsLockAndAccessPolicyOrWithout(CatalogBackend backend) {
        VaultLock lock = new VaultLock("locked", 7L, null, Instant.ofEpochMilli(50), Instant.ofEpochMilli(40));
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.vaults().insert(vault("locked", 10));
                tx.vaults().insert(vault("open", 20));
                tx.vaultLocks().put(lock);
                tx.vaultAccessPolicies().put("locked", "{\"Version\":\"2012-10-17\"}");
                return null;
            });
            DescribedVault locked = catalog.read(tx -> tx.vaultLocks().describe("locked")).orElseThrow();
            DescribedVault open = catalog.read(tx -> tx.vaultLocks().describe("open")).orElseThrow();
            assertThat(locked.vault().creationDate()).isEqualTo(Instant.ofEpochMilli(10));
            assertThat(locked.lock()).contains(lock);
            assertThat(locked.accessPolicy()).contains("{\"Version\":\"2012-10-17\"}");
            assertThat(open.vault().name()).isEqualTo("open");
            assertThat(open.vault().creationDate()).isEqualTo(Instant.ofEpochMilli(20));
            assertThat(open.lock()).isEmpty();
            assertThat(open.accessPolicy()).isEmpty();
            Optional<DescribedVault> absent = catalog.read(tx -> tx.vaultLocks().describe("absent"));
            assertThat(absent).isEmpty();
        }
    }

    @Test
    void aCatalogCopiedIntoPostgresqlIsPlannedWithTheRowsItHolds() throws Exception {
        Path embedded = Files.createDirectories(dir.resolve("embedded"));
        try (CellCatalog source = CatalogBackend.SQLITE.open(embedded);
             CellCatalog target = CatalogBackend.POSTGRESQL.open(dir)) {
            source.write(tx -> {
                for (int i = 0; i < 25; i++) {
                    tx.vaults().insert(vault("vault-" + i, i));
                }
                return null;
            });
            source.copyInto(target);
            // reltuples is -1 until the table is analysed
            double planned = target.read(tx -> tx.sql().one("SELECT reltuples FROM pg_class WHERE oid = 'vaults'::regclass",
                    r -> r.doubleValue("reltuples"))).orElseThrow();
            assertThat(planned).isEqualTo(25.0);
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aFailedChangeLeavesNothingBehind(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            assertThatThrownBy(() -> catalog.write(tx -> {
                tx.vaults().insert(vault("half", 1));
                tx.tags().put("arn:half", Map.of("a", "b"));
                throw new IllegalStateException("abandon the change");
            })).hasMessage("abandon the change");
            Optional<BackupVault> half = catalog.read(tx -> tx.vaults().find("half"));
            assertThat(half).isEmpty();
            Map<String, String> tags = catalog.read(tx -> tx.tags().of("arn:half"));
            assertThat(tags).isEmpty();
            assertThatThrownBy(() -> catalog.write(tx -> {
                tx.vaults().insert(vault("dup", 1));
                tx.vaults().insert(vault("dup", 2));
                return null;
            })).isInstanceOf(CatalogException.class);
            Optional<BackupVault> dup = catalog.read(tx -> tx.vaults().find("dup"));
            assertThat(dup).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void keysetPagesNeitherSkipNorRepeatWhenRowsArrive(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                for (int i = 0; i < 10; i++) {
                    tx.vaults().insert(vault("v" + i, 100 + i / 3));
                }
                return null;
            });
            List<String> seen = new ArrayList<>();
            Cursor after = null;
            int round = 0;
            do {
                Cursor c = after;
                Page<BackupVault> page = catalog.read(tx -> tx.vaults().list(new PageRequest(3, c)));
                page.items().forEach(v -> seen.add(v.name()));
                after = page.next() == null ? null : Cursor.fromToken(page.next().toToken());
                int r = round++;
                catalog.write(tx -> {
                    tx.vaults().insert(vault("late" + r, 1_000 + r));
                    return null;
                });
            } while (after != null);
            assertThat(seen).doesNotHaveDuplicates().containsSubsequence("v0", "v1", "v2", "v9");
            assertThat(seen).hasSize(10 + round - 1);
        }
    }

    @Test
    void aDirectoryOfAnEarlierVersionGivesItsUsersAndRolesUniqueIds() throws Exception {
        Path file = dir.resolve("directory.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            earlierSchema(s, "/dev/hokan/catalog/directory-migrations/", List.of("D1__directory.sql", "D2__host_path_grants.sql"));
            s.execute("INSERT INTO accounts VALUES ('111122223333', 'old', 0)");
            s.execute("INSERT INTO principals VALUES"
                    + " ('arn:aws:iam::111122223333:root', '111122223333', 'ROOT', 'root', 0),"
                    + " ('arn:aws:iam::111122223333:user/a', '111122223333', 'USER', 'a', 0),"
                    + " ('arn:aws:iam::111122223333:user/b', '111122223333', 'USER', 'b', 0),"
                    + " ('arn:aws:iam::111122223333:role/r', '111122223333', 'ROLE', 'r', 0)");
        }
        try (IdentityCatalog directory = IdentityCatalog.open(file)) {
            List<IamPrincipal> principals = directory.read(tx -> tx.principals().all());
            assertThat(principals).extracting(IamPrincipal::uniqueId).doesNotHaveDuplicates()
                    .satisfiesExactly(role -> assertThat(role).matches("AROA[0-9A-F]{17}"),
                            root -> assertThat(root).isEqualTo("111122223333"),
                            a -> assertThat(a).matches("AIDA[0-9A-F]{17}"),
                            b -> assertThat(b).matches("AIDA[0-9A-F]{17}"));
            Map<String, String> none = directory.read(tx -> tx.principalTags().of("arn:aws:iam::111122223333:user/a"));
            assertThat(none).isEmpty();
        }
    }

    @Test
    void aCatalogOfAnEarlierVersionKeepsItsResourcesJobsAndPointsByTheirTypesWireName() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            earlierSchema(s, "/dev/hokan/catalog/migrations/", List.of("V1__initial.sql", "V2__time_driven.sql",
                    "V3__holds_and_locks.sql", "V4__cold_storage.sql", "V5__scheduler.sql", "V6__copy_jobs.sql",
                    "V7__vault_access_policies.sql"));
            s.execute("INSERT INTO resources VALUES ('arn:web', 'DIRECTORY', 'web', '/srv/web \"quoted\"', 7)");
            s.execute("INSERT INTO backup_jobs (job_id, vault_name, resource_arn, resource_type, resource_name,"
                    + " iam_role_arn, state, creation_millis, start_by_millis, percent_done, bytes_transferred,"
                    + " backup_size_bytes, recovery_point_tags) VALUES ('B1', 'v', 'arn:web', 'DIRECTORY', 'web',"
                    + " 'role', 'COMPLETED', 1, 2, 100, 0, 0, '{}')");
            s.execute("INSERT INTO recovery_points (recovery_point_id, vault_name, resource_arn, resource_type,"
                    + " resource_name, snapshot_id, status, creation_millis, completion_millis, backup_size_bytes,"
                    + " file_count, source_location, iam_role_arn, backup_job_id) VALUES ('P1', 'v', 'arn:web',"
                    + " 'DIRECTORY', 'web', 'snap', 'COMPLETED', 1, 2, 10, 1, '/srv/web', 'role', 'B1')");
            s.execute("INSERT INTO restore_jobs (job_id, recovery_point_id, vault_name, source_resource_arn,"
                    + " resource_type, status, creation_millis, percent_done, backup_size_bytes, metadata,"
                    + " recovery_point_creation_millis) VALUES ('R1', 'P1', 'v', 'arn:web', 'DIRECTORY', 'COMPLETED',"
                    + " 3, 100, 10, '{}', 1)");
            s.execute("INSERT INTO copy_jobs (job_id, source_vault_name, source_recovery_point_id,"
                    + " destination_vault_arn, destination_recovery_point_id, resource_arn, resource_type,"
                    + " resource_name, iam_role_arn, state, creation_millis, backup_size_bytes, bytes_transferred)"
                    + " VALUES ('C1', 'v', 'P1', 'arn:other', 'P2', 'arn:web', 'DIRECTORY', 'web', 'role', 'CREATED',"
                    + " 4, 10, 0)");
        }
        ResourceType directory = new ResourceType("Directory");
        try (CellCatalog catalog = CellCatalog.open(file)) {
            catalog.read(tx -> {
                assertThat(tx.resources().all()).containsExactly(new LocalResource("arn:web", directory, "web",
                        "{\"Path\":\"/srv/web \\\"quoted\\\"\"}", Instant.ofEpochMilli(7)));
                assertThat(tx.backupJobs().find("B1").orElseThrow().resourceType()).isEqualTo(directory);
                assertThat(tx.recoveryPoints().find("P1").orElseThrow().resourceType()).isEqualTo(directory);
                assertThat(tx.restoreJobs().find("R1").orElseThrow().resourceType()).isEqualTo(directory);
                assertThat(tx.copyJobs().find("C1").orElseThrow().resourceType()).isEqualTo(directory);
                return null;
            });
        }
    }

    /** Creates the schema as the given scripts of {@code folder} left it, as an earlier version of Hokan did. */
    private static void earlierSchema(Statement s, String folder, List<String> scripts) throws Exception {
        s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL)");
        for (int i = 0; i < scripts.size(); i++) {
            try (InputStream in = Migrations.class.getResourceAsStream(folder + scripts.get(i))) {
                for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
            s.execute("INSERT INTO schema_version VALUES (" + (i + 1) + ", '" + scripts.get(i) + "')");
        }
    }

    @Test
    void foreignTokensAreRejected() {
        assertThatThrownBy(() -> Cursor.fromToken("%%%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cursor.fromToken("bm8tYmFy")).isInstanceOf(IllegalArgumentException.class);
        Cursor c = new Cursor(42, "id|with|bars");
        assertThat(Cursor.fromToken(c.toToken())).isEqualTo(c);
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void recoveryPointsAreCountedInTheirVault(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            RecoveryPoint p = RecoveryPoint.builder()
                    .recoveryPointId("P1")
                    .vaultName("v")
                    .resourceArn("arn:r")
                    .resourceType(new ResourceType("Directory"))
                    .resourceName("r")
                    .snapshotId("snap")
                    .status(RecoveryPointStatus.COMPLETED)
                    .creationDate(Instant.ofEpochMilli(5))
                    .completionDate(Instant.ofEpochMilli(6))
                    .backupSizeInBytes(10)
                    .fileCount(1)
                    .sourceLocation("/x")
                    .lifecycle(new Lifecycle(null, 1L, null))
                    .iamRoleArn("role")
                    .backupJobId("job")
                    .storageClass(StorageClass.WARM)
                    .retention(RetentionClock.RUNNING)
                    .build();
            catalog.write(tx -> {
                tx.vaults().insert(vault("v", 1));
                tx.recoveryPoints().insert(p);
                return null;
            });
            assertThat(catalog.read(tx -> tx.vaults().find("v")).orElseThrow().numberOfRecoveryPoints()).isOne();
            List<RecoveryPoint> early = catalog.read(tx -> tx.recoveryPoints().dueForDeletion(Instant.ofEpochMilli(5)));
            assertThat(early).isEmpty();
            List<RecoveryPoint> due = catalog.read(tx -> tx.recoveryPoints()
                    .dueForDeletion(Instant.parse("1970-01-03T00:00:00Z")));
            assertThat(due).extracting(RecoveryPoint::recoveryPointId).containsExactly("P1");
            catalog.write(tx -> {
                tx.recoveryPoints().delete(p);
                return null;
            });
            assertThat(catalog.read(tx -> tx.vaults().find("v")).orElseThrow().numberOfRecoveryPoints()).isZero();
        }
    }

    private static RecoveryPoint coolingPoint(String id, String snapshot) {
        return RecoveryPoint.builder()
                .recoveryPointId(id)
                .vaultName("v")
                .resourceArn("arn:r")
                .resourceType(new ResourceType("Directory"))
                .resourceName("r")
                .snapshotId(snapshot)
                .status(RecoveryPointStatus.COMPLETED)
                .creationDate(Instant.EPOCH)
                .completionDate(Instant.EPOCH)
                .backupSizeInBytes(10)
                .fileCount(1)
                .sourceLocation("/x")
                .lifecycle(new Lifecycle(1L, 100L, null))
                .iamRoleArn("role")
                .backupJobId("job")
                .storageClass(StorageClass.WARM)
                .retention(RetentionClock.RUNNING)
                .build();
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void everyChangeOfAVaultOrPointIsQueuedForTheVaultsUntilWrittenAtItsVersion(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.vaults().insert(vault("v", 1));
                tx.recoveryPoints().insert(coolingPoint("P1", "s1"));
                return null;
            });
            List<VaultRecordQueue.Entry> first = catalog.read(tx -> tx.vaultRecordQueue().pending(10));
            assertThat(first).containsExactly(new VaultRecordQueue.Entry("v", null, 1),
                    new VaultRecordQueue.Entry("v", "P1", 1));
            catalog.write(tx -> {
                tx.recoveryPoints().update(coolingPoint("P1", "s1").withLifecycle(new Lifecycle(2L, 200L, null)));
                tx.vaultAccessPolicies().put("v", "{}");
                first.forEach(tx.vaultRecordQueue()::written);
                return null;
            });
            List<VaultRecordQueue.Entry> again = catalog.read(tx -> tx.vaultRecordQueue().pending(10));
            assertThat(again).as("changed while being written")
                    .containsExactly(new VaultRecordQueue.Entry("v", null, 2), new VaultRecordQueue.Entry("v", "P1", 2));
            catalog.write(tx -> {
                tx.vaultRecordQueue().pending(10).forEach(tx.vaultRecordQueue()::written);
                tx.recoveryPoints().delete(coolingPoint("P1", "s1"));
                return null;
            });
            List<VaultRecordQueue.Entry> deleted = catalog.read(tx -> tx.vaultRecordQueue().pending(10));
            assertThat(deleted).containsExactly(new VaultRecordQueue.Entry("v", "P1", 1));
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void pointsAreDueForColdStorageOnceWhileWarmRunningAndNotBeingDeleted(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            Instant dayOne = Instant.parse("1970-01-02T00:00:00Z");
            catalog.write(tx -> {
                tx.vaults().insert(vault("v", 1));
                tx.recoveryPoints().insert(coolingPoint("due", "s1"));
                tx.recoveryPoints().insert(coolingPoint("held", "s2").withRetention(RetentionClock.RUNNING.pause(dayOne)));
                tx.recoveryPoints().insert(coolingPoint("deleting", "s3")
                        .withStatus(RecoveryPointStatus.DELETING, "Deletion requested"));
                tx.recoveryPoints().insert(coolingPoint("cold", "s4").storedIn(StorageClass.COLD, "c4"));
                return null;
            });
            List<RecoveryPoint> early = catalog.read(tx -> tx.recoveryPoints().dueForColdStorage(dayOne.minusMillis(1)));
            assertThat(early).isEmpty();
            List<RecoveryPoint> due = catalog.read(tx -> tx.recoveryPoints().dueForColdStorage(dayOne));
            assertThat(due).extracting(RecoveryPoint::recoveryPointId).containsExactly("due");
            Optional<RecoveryPoint> one = catalog.read(tx -> tx.recoveryPoints().dueForColdStorage("due", dayOne));
            assertThat(one).isPresent();
            Optional<RecoveryPoint> held = catalog.read(tx -> tx.recoveryPoints().dueForColdStorage("held", dayOne));
            assertThat(held).isEmpty();
            List<RecoveryPoint> cold = catalog.read(tx -> tx.recoveryPoints().inTier("v", StorageClass.COLD));
            assertThat(cold).extracting(RecoveryPoint::snapshotId).containsExactly("c4");
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void releasedSnapshotsAreRecordedOnce(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            ReleasedSnapshot warm = new ReleasedSnapshot("v", StorageClass.WARM, "s1");
            ReleasedSnapshot cold = new ReleasedSnapshot("v", StorageClass.COLD, "s1");
            catalog.write(tx -> {
                tx.releasedSnapshots().insert(warm);
                tx.releasedSnapshots().insert(warm);
                tx.releasedSnapshots().insert(cold);
                return null;
            });
            List<ReleasedSnapshot> recorded = catalog.read(tx -> tx.releasedSnapshots().all());
            assertThat(recorded).containsExactly(cold, warm);
            catalog.write(tx -> {
                tx.releasedSnapshots().delete(cold);
                return null;
            });
            List<ReleasedSnapshot> left = catalog.read(tx -> tx.releasedSnapshots().all());
            assertThat(left).containsExactly(warm);
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void planVersionsMadeInOneMillisecondKeepTheOrderTheyBecameCurrentIn(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            Instant at = Instant.ofEpochMilli(1_000);
            List<String> made = List.of("v-c", "v-a", "v-d", "v-b");
            catalog.write(tx -> {
                tx.plans().insert(new BackupPlan("plan", made.getFirst(), new PlanDocument("p", List.of(), null), at,
                        null, null, null));
                made.subList(1, made.size()).forEach(v -> tx.plans().addVersion("plan", v,
                        new PlanDocument("p", List.of(), null), at));
                return null;
            });
            List<PlanRevision> revisions = catalog.read(tx -> tx.plans().revisions("plan"));
            assertThat(revisions).extracting(PlanRevision::versionId).containsExactlyElementsOf(made);
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aPolicyAttachedTwiceIsAttachedOnce(CatalogBackend backend) {
        try (IdentityCatalog directory = backend.directory(dir).get()) {
            OrgPolicy policy = new OrgPolicy("p-1", "deny-delete", "{}");
            directory.write(tx -> {
                tx.organizations().insertPolicy(policy);
                tx.organizations().attach("p-1", "r-root");
                tx.organizations().attach("p-1", "r-root");
                return null;
            });
            List<OrgPolicy> attached = directory.read(tx -> tx.organizations().attachedTo("r-root"));
            assertThat(attached).containsExactly(policy);
        }
    }

    /** Writers that read and then change one row lose no change: on PostgreSQL the loser of a race runs again. */
    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void concurrentReadModifyWritesLoseNoChange(CatalogBackend backend) throws Exception {
        try (CellCatalog catalog = backend.open(dir); ExecutorService writers = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                done.add(writers.submit(() -> catalog.write(tx -> {
                    long n = tx.settings().map("counter").map(m -> Long.parseLong(m.get("n"))).orElse(0L);
                    tx.settings().putMap("counter", Map.of("n", Long.toString(n + 1)));
                    return null;
                })));
            }
            for (Future<?> f : done) {
                f.get();
            }
            Optional<Map<String, String>> counter = catalog.read(tx -> tx.settings().map("counter"));
            assertThat(counter).contains(Map.of("n", "120"));
        }
    }

    /** A job being stopped is interrupted, and must still record how it ended. */
    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aWriteInAnInterruptedThreadCommitsAndKeepsTheInterrupt(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            Thread.currentThread().interrupt();
            try {
                catalog.write(tx -> {
                    tx.vaults().insert(vault("stopped", 1));
                    return null;
                });
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
                Optional<BackupVault> written = catalog.read(tx -> tx.vaults().find("stopped"));
                assertThat(written).isPresent();
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }
}
