package dev.hokan.engine.continuous;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.resource.ContinuousPoint;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.vault.VaultStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A continuous point as its row in the catalog keeps it; each call reads or writes the catalog. */
final class StoredContinuousPoint implements ContinuousPoint {
    private final String recoveryPointId;
    private final CellCatalog catalog;
    private final CellContext cell;
    private final VaultStorage storage;
    private final ResourceContext resources;
    private final ContinuousBackup initial;

    StoredContinuousPoint(String recoveryPointId, CellContext cell, VaultStorage storage, ResourceContext resources) {
        this.recoveryPointId = recoveryPointId;
        this.catalog = cell.catalog();
        this.cell = cell;
        this.storage = storage;
        this.resources = resources;
        this.initial = row();
    }

    private ContinuousBackup row() {
        return catalog.read(tx -> tx.continuousBackups().find(recoveryPointId)).orElseThrow(() ->
                new IllegalStateException("Continuous backup " + recoveryPointId + " is gone"));
    }

    @Override
    public String recoveryPointId() {
        return recoveryPointId;
    }

    @Override
    public String vaultName() {
        return initial.vaultName();
    }

    @Override
    public String resourceArn() {
        return initial.resourceArn();
    }

    @Override
    public ResourceSettings settings() {
        return resources.settingsOf(initial.resourceArn()).orElseThrow(() -> ServiceException.invalidRequest(
                "Resource " + initial.resourceArn() + " is no longer registered"));
    }

    @Override
    public ResourceContext context() {
        return resources;
    }

    @Override
    public String state() {
        return row().streamState();
    }

    @Override
    public void save(String state, Instant earliestRestorable, Instant latestRestorable, String copySnapshotId) {
        catalog.write(tx -> {
            tx.continuousBackups().find(recoveryPointId).ifPresent(c -> tx.continuousBackups().update(
                    c.withState(state, earliestRestorable, latestRestorable)));
            if (copySnapshotId != null) {
                tx.recoveryPoints().find(recoveryPointId).filter(p -> !p.snapshotId().equals(copySnapshotId))
                        .ifPresent(p -> tx.recoveryPoints().update(p.storedIn(StorageClass.WARM, copySnapshotId)));
            }
            return null;
        });
    }

    @Override
    public void interrupted(String message) {
        catalog.write(tx -> {
            EventLog.record(tx, cell.clock().now(), EventType.CONTINUOUS_BACKUP_INTERRUPTED,
                    cell.account().recoveryPointArn(recoveryPointId), message,
                    Map.of("BackupVaultName", initial.vaultName(), "ResourceArn", initial.resourceArn()));
            return null;
        });
    }

    @Override
    public Long retentionDays() {
        return catalog.read(tx -> tx.recoveryPoints().find(recoveryPointId)).map(p -> p.lifecycle())
                .map(Lifecycle::deleteAfterDays).orElse(null);
    }

    @Override
    public <T> T withVault(VaultStorage.VaultWork<T> work) throws IOException, InterruptedException {
        return storage.withVault(initial.vaultName(), work);
    }

    @Override
    public void release(List<String> snapshotIds) throws IOException {
        storage.release(StorageClass.WARM, initial.vaultName(), snapshotIds);
    }
}
