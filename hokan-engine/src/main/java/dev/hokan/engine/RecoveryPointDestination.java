package dev.hokan.engine;

import dev.hokan.store.ChunkId;
import dev.hokan.store.CopyBlob;
import dev.hokan.store.CopyDestination;
import dev.hokan.store.CopyManifest;
import dev.hokan.store.CopyReceipt;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** A copy's destination whose snapshot names the recovery point it becomes, not the one it was copied from. */
record RecoveryPointDestination(CopyDestination target, String recoveryPointId) implements CopyDestination {
    @Override
    public Set<ChunkId> missing(List<ChunkId> sourceIds) throws IOException {
        return target.missing(sourceIds);
    }

    @Override
    public CopyReceipt receive(List<CopyBlob> blobs) throws IOException {
        return target.receive(blobs);
    }

    @Override
    public String commit(CopyManifest manifest) throws IOException {
        return target.commit(SnapshotTags.of(manifest, recoveryPointId));
    }
}
