package dev.hokan.engine;

import dev.hokan.catalog.Catalog;
import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.catalog.RetentionClock;
import dev.hokan.catalog.StorageClass;
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
        String arn = account.recoveryPointArn(request.copyRecoveryPointId());
        Optional<RecoveryPoint> earlier = catalog.read(tx -> {
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
        if (earlier.isPresent()) {
            return new CopyReceipt(arn, 0);
        }
        CopyResult copied = storage.withVault(vaultName, vault -> request.data().into(vault));
        RecoveryPoint source = request.source();
        RecoveryPoint copy = new RecoveryPoint(request.copyRecoveryPointId(), vaultName, source.resourceArn(),
                source.resourceType(), source.resourceName(), copied.targetSnapshotId(), source.status(),
                source.statusMessage(), started, clock.now(), source.backupSizeInBytes(), source.fileCount(),
                source.sourceLocation(), request.lifecycle(), request.iamRoleArn(), request.copyJobId(),
                request.createdBy(), null, StorageClass.WARM,
                RetentionClock.RUNNING.withExpiryDelay(expiryWindow.draw()), request.sourceVaultArn());
        catalog.write(tx -> {
            tx.recoveryPoints().insert(copy);
            EventLog.record(tx, copy.completionDate(), EventType.RECOVERY_POINT_CREATED, arn, copy.statusMessage(),
                    Map.of("BackupVaultName", vaultName, "ResourceArn", copy.resourceArn(),
                            "Status", copy.status().name(), "SourceBackupVaultArn", request.sourceVaultArn(),
                            "CopyJobId", request.copyJobId()));
            return null;
        });
        return new CopyReceipt(arn, copied.bytesTransferred());
    }
}
