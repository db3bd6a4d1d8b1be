package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.protection.VaultLockRules;
import dev.hokan.engine.vault.SnapshotTags;
import dev.hokan.engine.vault.VaultService;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.copy.CopyReceiver;
import dev.hokan.store.copy.CopyResult;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A vault of this engine receiving a copy. The copy lands in the vault's warm tier; nothing of it is visible until
 * one catalog transaction records it, with a lifecycle and a retention clock of its own: legal holds on the source
 * do not extend to the copy.
 */
final class VaultCopyTarget implements CopyTarget {
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final ExpiryWindow expiryWindow;
    private final String vaultName;

    VaultCopyTarget(CellContext cell, VaultStorage storage,
                    ExpiryWindow expiryWindow, String vaultName) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.storage = storage;
        this.expiryWindow = expiryWindow;
        this.vaultName = vaultName;
    }

    @Override
    public CopyReceipt receive(CopyRequest request) throws IOException, InterruptedException {
        Instant started = clock.now();
        if (admit(request).isPresent()) {
            return new CopyReceipt(arnOf(request), 0);
        }
        String sourceVaultId = request.data().vaultId();
        CopyResult copied;
        try (CopyReceiver receiver = openReceiver(sourceVaultId, request.copyRecoveryPointId())) {
            copied = request.data().sendTo(receiver);
        }
        record(request, started, copied.targetSnapshotId());
        return new CopyReceipt(arnOf(request), copied.bytesTransferred());
    }

    String arnOf(CopyRequest request) {
        return account.recoveryPointArn(request.copyRecoveryPointId());
    }

    /**
     * Checks that the vault exists and its lock allows the copy's retention; returns the copy when an earlier run of
     * the same job already recorded it.
     */
    Optional<RecoveryPoint> admit(CopyRequest request) {
        return catalog.read(tx -> {
            VaultService.find(tx, vaultName);
            Optional<RecoveryPoint> recorded = tx.recoveryPoints().find(request.copyRecoveryPointId());
            if (recorded.isEmpty()) {
                tx.vaultLocks().find(vaultName)
                        .flatMap(lock -> VaultLockRules.retentionProblem(lock, request.lifecycle()))
                        .ifPresent(problem -> {
                            throw ServiceException.invalidRequest(problem + "; give the copy a retention the vault"
                                    + " lock allows, or copy into another vault");
                        });
            }
            return recorded;
        });
    }

    /**
     * Where the data lands: the vault's warm tier, remembering what it already received from that source vault. The
     * copy's snapshot names the recovery point it becomes, not the one it was copied from.
     */
    CopyReceiver openReceiver(String sourceVaultId, String copyRecoveryPointId)
            throws IOException, InterruptedException {
        return storage.withVault(vaultName, vault -> vault.receiveCopy(sourceVaultId,
                SnapshotTags.of(Map.of(), copyRecoveryPointId)));
    }

    /** Records the copy once its snapshot is committed; until then nothing of it is visible. */
    void record(CopyRequest request, Instant started, String snapshotId) {
        RecoveryPoint source = request.source();
        String arn = arnOf(request);
        RecoveryPoint copy = RecoveryPoint.builder()
                .recoveryPointId(request.copyRecoveryPointId())
                .vaultName(vaultName)
                .resourceArn(source.resourceArn())
                .resourceType(source.resourceType())
                .resourceName(source.resourceName())
                .snapshotId(snapshotId)
                // a copy of a continuous point is a snapshot of it, whether its continuous backup still runs
                .status(source.status() == RecoveryPointStatus.STOPPED ? RecoveryPointStatus.COMPLETED : source.status())
                .statusMessage(source.status() == RecoveryPointStatus.STOPPED ? null : source.statusMessage())
                .creationDate(started)
                .completionDate(clock.now())
                .backupSizeInBytes(source.backupSizeInBytes())
                .fileCount(source.fileCount())
                .sourceLocation(source.sourceLocation())
                .lifecycle(request.lifecycle())
                .iamRoleArn(request.iamRoleArn())
                .backupJobId(request.copyJobId())
                .createdBy(request.createdBy())
                .storageClass(StorageClass.WARM)
                .retention(RetentionClock.RUNNING.withExpiryDelay(expiryWindow.draw()))
                .sourceVaultArn(request.sourceVaultArn())
                .build();
        catalog.write(tx -> {
            // a copy from another account's cell is not known to this one, so its vault may have gone meanwhile
            VaultService.find(tx, vaultName);
            if (tx.recoveryPoints().find(copy.recoveryPointId()).isPresent()) {
                // another run of the job, on a node that lost it, recorded the copy first: it stands alone
                return null;
            }
            tx.recoveryPoints().insert(copy);
            EventLog.record(tx, copy.completionDate(), EventType.RECOVERY_POINT_CREATED, arn, copy.statusMessage(),
                    Map.of("BackupVaultName", vaultName, "ResourceArn", copy.resourceArn(),
                            "Status", copy.status().name(), "SourceBackupVaultArn", request.sourceVaultArn(),
                            "CopyJobId", request.copyJobId()));
            return null;
        });
    }
}
