package dev.hokan.engine;

import dev.hokan.catalog.Catalog;
import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.catalog.RetentionClock;
import dev.hokan.catalog.StorageClass;
import dev.hokan.store.CopyReceiver;
import dev.hokan.store.CopyResult;
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
    private final Catalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final ExpiryWindow expiryWindow;
    private final String vaultName;

    VaultCopyTarget(Catalog catalog, ServiceClock clock, Account account, VaultStorage storage,
                    ExpiryWindow expiryWindow, String vaultName) {
        this.catalog = catalog;
        this.clock = clock;
        this.account = account;
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
        RecoveryPoint copy = new RecoveryPoint(request.copyRecoveryPointId(), vaultName, source.resourceArn(),
                source.resourceType(), source.resourceName(), snapshotId, source.status(),
                source.statusMessage(), started, clock.now(), source.backupSizeInBytes(), source.fileCount(),
                source.sourceLocation(), request.lifecycle(), request.iamRoleArn(), request.copyJobId(),
                request.createdBy(), null, StorageClass.WARM,
                RetentionClock.RUNNING.withExpiryDelay(expiryWindow.draw()), request.sourceVaultArn());
        catalog.write(tx -> {
            // a copy from another account's cell is not known to this one, so its vault may have gone meanwhile
            VaultService.find(tx, vaultName);
            tx.recoveryPoints().insert(copy);
            EventLog.record(tx, copy.completionDate(), EventType.RECOVERY_POINT_CREATED, arn, copy.statusMessage(),
                    Map.of("BackupVaultName", vaultName, "ResourceArn", copy.resourceArn(),
                            "Status", copy.status().name(), "SourceBackupVaultArn", request.sourceVaultArn(),
                            "CopyJobId", request.copyJobId()));
            return null;
        });
    }
}
