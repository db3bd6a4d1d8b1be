package dev.hokan.store.copy;

import dev.hokan.store.ChunkId;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** A copy's destination reached through a transport: each call one {@link CopyWire} request, answered by {@link CopyWire#serve}. */
public final class RemoteCopyDestination implements CopyDestination {
    private final CopyTransport transport;

    public RemoteCopyDestination(CopyTransport transport) {
        this.transport = transport;
    }

    @Override
    public Set<ChunkId> missing(List<ChunkId> sourceIds) throws IOException {
        return CopyWire.decodeMissingReply(transport.exchange(CopyWire.encodeMissing(sourceIds)));
    }

    @Override
    public BatchReceipt receive(List<CopyBlob> blobs) throws IOException {
        return CopyWire.decodeReceipt(transport.exchange(CopyWire.encodeBlobs(blobs)));
    }

    @Override
    public String commit(CopyManifest manifest) throws IOException {
        return CopyWire.decodeCommitted(transport.exchange(CopyWire.encodeCommit(manifest)));
    }
}
