package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.ReleasedSnapshot;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * A server stopped in the middle of a move to cold storage loses nothing, and the next start cleans up what the move
 * left behind. Each test stops a server with a point due to move, puts the vault and the catalog in the state a stop
 * at one step of the move leaves, and starts the server again.
 */
class ColdStorageRecoveryTest {
    private static final String VAULT = "recovering";

    @TempDir
    Path dir;
    Path data;
    Path source;
    String pointArn;
    String pointId;
    String warmSnapshot;

    @BeforeEach
    void stopWithAPointDueToMove() throws Exception {
        data = dir.resolve("data");
        source = Trees.sample(dir.resolve("source"), 31);
        try (TestServer first = TestServer.start(data)) {
            first.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            String arn = first.registerDirectory("recovering", source, "{}");
            String job = first.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                    .iamRoleArn(TestServer.ROLE).lifecycle(ColdStorageTest.COLD_AFTER_A_DAY)).backupJobId();
            var done = BackupRestoreTest.awaitBackupOn(first.backup, job);
            assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            pointArn = done.recoveryPointArn();
        }
        pointId = pointArn.substring(pointArn.lastIndexOf(':') + 1);
        try (CellCatalog catalog = TestServer.homeCatalog(data)) {
            warmSnapshot = catalog.read(tx -> tx.recoveryPoints().find(pointId)).orElseThrow().snapshotId();
        }
    }

    @Test
    void aCopyTheCatalogNeverRecordedIsDeletedAtStartAndThePointStillMoves() throws Exception {
        copyToColdTier();

        try (TestServer second = TestServer.start(data)) {
            second.awaitColdStorage();
            assertThat(snapshots(StorageClass.COLD)).isEmpty();
            assertThat(storageClass(second)).isEqualTo("WARM");

            second.advanceClock(Duration.ofDays(1));
            second.awaitColdStorage();
            assertThat(storageClass(second)).isEqualTo("COLD");
            assertThat(snapshots(StorageClass.COLD)).hasSize(1);
            assertThat(snapshots(StorageClass.WARM)).isEmpty();
            assertRestoresFromCold(second);
        }
    }

    @Test
    void aMoveRecordedBeforeTheStopDeletesTheWarmSnapshotAtStart() throws Exception {
        String coldSnapshot = copyToColdTier();
        try (CellCatalog catalog = TestServer.homeCatalog(data)) {
            catalog.write(tx -> {
                RecoveryPoint p = tx.recoveryPoints().find(pointId).orElseThrow();
                tx.recoveryPoints().update(p.storedIn(StorageClass.COLD, coldSnapshot));
                tx.releasedSnapshots().insert(new ReleasedSnapshot(VAULT, StorageClass.WARM, warmSnapshot));
                return null;
            });
        }

        try (TestServer second = TestServer.start(data)) {
            second.awaitColdStorage();
            assertThat(snapshots(StorageClass.WARM)).isEmpty();
            assertThat(ColdStorageTest.bytesUnder(data.resolve("vaults").resolve(VAULT).resolve("data")))
                    .as("the warm tier's data, which only the moved point used").isZero();
            assertThat(snapshots(StorageClass.COLD)).extracting(SnapshotInfo::id).containsExactly(coldSnapshot);
            assertThat(storageClass(second)).isEqualTo("COLD");
            assertRestoresFromCold(second);
        }
    }

    @Test
    void aColdCopyWhoseWarmOriginalIsGoneIsKeptAndKeepsItsVault() throws Exception {
        String coldSnapshot = copyToColdTier();
        // as if the catalog had been restored from a copy older than the move
        try (Vault warm = open(StorageClass.WARM)) {
            warm.deleteSnapshot(warmSnapshot);
        }

        try (TestServer second = TestServer.start(data)) {
            second.awaitColdStorage();
            assertThat(snapshots(StorageClass.COLD)).extracting(SnapshotInfo::id).containsExactly(coldSnapshot);

            second.backup.deleteRecoveryPoint(r -> r.backupVaultName(VAULT).recoveryPointArn(pointArn));
            await().atMost(Duration.ofSeconds(60)).until(() -> second.backup.describeBackupVault(r ->
                    r.backupVaultName(VAULT)).numberOfRecoveryPoints() == 0);
            assertThatThrownBy(() -> second.backup.deleteBackupVault(r -> r.backupVaultName(VAULT)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("its cold storage still holds 1 recovery points");
        }
    }

    /** Copies the point's warm snapshot into the cold tier, as a move does first, and returns the copy's ID. */
    private String copyToColdTier() throws Exception {
        Files.createDirectories(tierDir(StorageClass.COLD));
        try (Vault warm = open(StorageClass.WARM);
             Vault cold = Vault.create(new LocalBlobStore(tierDir(StorageClass.COLD)), key(), dir.resolve("cache"))) {
            return warm.copySnapshot(warmSnapshot, cold).targetSnapshotId();
        }
    }

    private void assertRestoresFromCold(TestServer server) throws IOException {
        Path target = dir.resolve("restored");
        String id = server.backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> Set.of(
                RestoreJobStatus.COMPLETED, RestoreJobStatus.FAILED, RestoreJobStatus.ABORTED)
                .contains(server.backup.describeRestoreJob(r -> r.restoreJobId(id)).status()));
        var restore = server.backup.describeRestoreJob(r -> r.restoreJobId(id));
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(restore.statusMessage()).contains("cold storage");
        Trees.assertSameTree(source, target);
    }

    private String storageClass(TestServer server) {
        return server.backup.describeRecoveryPoint(r -> r.backupVaultName(VAULT).recoveryPointArn(pointArn))
                .storageClassAsString();
    }

    private List<SnapshotInfo> snapshots(StorageClass tier) throws IOException {
        try (Vault vault = open(tier)) {
            return vault.snapshots();
        }
    }

    private Vault open(StorageClass tier) throws IOException {
        return Vault.open(new LocalBlobStore(tierDir(tier)), key(), dir.resolve("cache"));
    }

    private Path tierDir(StorageClass tier) {
        return data.resolve(tier == StorageClass.COLD ? "vaults-cold" : "vaults").resolve(VAULT);
    }

    private MasterKey key() throws IOException {
        return MasterKey.load(data.resolve("master.key"));
    }
}
