package dev.hokan.engine;

import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.store.CopyDestination;
import dev.hokan.store.CopyResult;
import java.io.IOException;

/** A recovery point's data as a copy's source: its snapshot in whichever tier of its vault holds it. */
record StoredSnapshot(VaultStorage storage, RecoveryPoint point) implements CopyRequest.SourceData {
    @Override
    public String vaultId() throws IOException {
        return storage.vaultId(point.storageClass(), point.vaultName());
    }

    @Override
    public CopyResult sendTo(CopyDestination destination) throws IOException, InterruptedException {
        return storage.send(point.storageClass(), point.vaultName(), point.snapshotId(), destination);
    }
}
