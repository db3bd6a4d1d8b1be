package dev.hokan.store.copy;

import dev.hokan.store.ChunkId;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A copy's destination as its source sees it: a vault that holds blobs under IDs of its own and remembers
 * which source ID became which. {@link CopySender} drives it; {@link CopyReceiver} is the destination over a
 * local vault, {@link RemoteCopyDestination} one reached through {@link CopyWire} messages. Chunk IDs
 * passed in are always the source vault's.
 */
public interface CopyDestination {
    /** Most IDs one {@link #missing} question may carry. */
    int MAX_IDS = 100_000;
    /** Most plaintext bytes one {@link #receive} batch may carry. */
    int MAX_BATCH_BYTES = 64 * 1024 * 1024;
    /** Most blobs one {@link #receive} batch may carry. */
    int MAX_BATCH_BLOBS = 100_000;

    /**
     * Which of these blobs the destination does not hold yet. A tree counts as held only with everything
     * under it, so the source may skip a held directory whole.
     */
    Set<ChunkId> missing(List<ChunkId> sourceIds) throws IOException;

    /**
     * Stores a batch durably before returning, so that an interrupted copy keeps what arrived. A tree may
     * only refer to blobs the destination holds, or that came earlier in the same batch; otherwise the
     * batch is refused ({@link CopyRefusedException}).
     */
    BatchReceipt receive(List<CopyBlob> blobs) throws IOException;

    /**
     * Makes the copy visible: writes the recovery point for the received root tree and returns its ID.
     * Refused unless the root and everything under it arrived.
     */
    String commit(CopyManifest manifest) throws IOException;
}
