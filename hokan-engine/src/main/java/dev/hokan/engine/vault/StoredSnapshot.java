package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.copy.CopyRequest;
import dev.hokan.store.copy.CopyDestination;
import dev.hokan.store.copy.CopyResult;
import java.io.IOException;

/** A recovery point's data as a copy's source: its snapshot in whichever tier of its vault holds it. */
public record StoredSnapshot(VaultStorage storage, RecoveryPoint point) implements CopyRequest.SourceData {
    @Override
    public String vaultId() throws IOException {
        return storage.vaultId(point.storageClass(), point.vaultName());
    }

    @Override
    public CopyResult sendTo(CopyDestination destination) throws IOException, InterruptedException {
        return storage.send(point.storageClass(), point.vaultName(), point.snapshotId(), destination);
    }
}
