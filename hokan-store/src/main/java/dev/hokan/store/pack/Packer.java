package dev.hokan.store.pack;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compresses, seals and appends blobs to the open pack of their type, from any number of threads.
 * When a pack reaches the target size it is finished and its entries handed to {@code onPackFinished};
 * only then may anything refer to them durably.
 * <p>
 * No storage call is made under the lock the adding threads share: under it a blob is only copied into its pack's
 * part in memory, and full parts are handed to writer threads, which write each pack's parts in order and packs side
 * by side. A thread that handed parts over waits, outside the lock, while more than {@link #PARTS_IN_FLIGHT} parts
 * are unwritten, which bounds memory however slow the store is. The first failed storage step fails the packer:
 * its pack never appears, and every later add and the flush throw.
 */
public final class Packer implements AutoCloseable {
    static final int PARTS_IN_FLIGHT = 4;

    private final BlobStore store;
    private final Sealer sealer;
    private final long targetSize;
    private final PackListener onPackFinished;
    private final Map<BlobType, PackWriter> open = new EnumMap<>(BlobType.class);
    // The last steps of packs that take no more blobs: finishing or abandoning them.
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private final Semaphore partSlots = new Semaphore(PARTS_IN_FLIGHT);
    private final Queue<byte[]> spareParts = new ConcurrentLinkedQueue<>();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private boolean closed;
    // One compressor per thread that is adding at the moment: as many as there are workers.
    private final Queue<Compressor> idle = new ConcurrentLinkedQueue<>();
    private final ExecutorService writers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("hokan-pack-writer-", 0).factory());

    public Packer(BlobStore store, Sealer sealer, long targetSize, PackListener onPackFinished) {
        this.store = store;
        this.sealer = sealer;
        this.targetSize = targetSize;
        this.onPackFinished = onPackFinished;
    }

    /** Told about each pack once it is durable in the store. */
    @FunctionalInterface
    public interface PackListener {
        void finished(List<IndexEntry> entries) throws IOException;
    }

    /** Stores the plaintext; returns the bytes it occupies in the pack. */
    public int add(BlobType type, ChunkId id, byte[] data, int offset, int length) throws IOException {
        Compressor compressor = idle.poll();
        if (compressor == null) {
            compressor = new Compressor();
        }
        try {
            compressor.fit(length);
            int compressed = compressor.compress(data, offset, length);
            byte[] context = PackLayout.blobContext(type, id);
            int sealed = compressed < 0
                    ? sealer.seal(data, offset, length, context, compressor.sealed())
                    : sealer.seal(compressor.compressed(), 0, compressed, context, compressor.sealed());
            append(type, id, compressor.sealed(), sealed, length);
            return sealed;
        } finally {
            idle.add(compressor);
        }
    }

    /** Appends a blob that is already sealed under this vault's key (used when repacking). */
    public void addSealed(BlobType type, ChunkId id, byte[] sealed, int rawLength) throws IOException {
        append(type, id, sealed, sealed.length, rawLength);
    }

    private void append(BlobType type, ChunkId id, byte[] sealed, int sealedLength, int rawLength) throws IOException {
        throwIfFailed();
        int handed;
        synchronized (this) {
            if (closed) {
                throw new IOException("the packer is closed: its packs were abandoned");
            }
            PackWriter pack = open.computeIfAbsent(type, t -> new PackWriter(store, this::sparePart));
            List<PackWriter.Part> full = pack.add(type, id, sealed, sealedLength, rawLength);
            for (PackWriter.Part part : full) {
                hand(pack, part, () -> pack.write(part));
            }
            handed = full.size();
            if (pack.size() >= targetSize) {
                open.remove(type);
                closing.add(finishing(pack));
                handed++;
            }
        }
        awaitSlots(handed);
    }

    private byte[] sparePart() {
        byte[] spare = spareParts.poll();
        return spare != null ? spare : new byte[PackWriter.PART_SIZE];
    }

    /** Under the lock: makes {@code step}, which writes {@code part}, the pack's next; after it the part is free. */
    private CompletableFuture<Void> hand(PackWriter pack, PackWriter.Part part, PackWriter.Step step) {
        return pack.then(() -> {
            try {
                step.run();
            } catch (IOException | RuntimeException e) {
                failed(e);
                throw e;
            } finally {
                if (part.data().length == PackWriter.PART_SIZE) {
                    spareParts.add(part.data());
                }
                partSlots.release();
            }
        }, writers);
    }

    /** Under the lock, once the pack takes no more blobs. */
    private CompletableFuture<Void> finishing(PackWriter pack) {
        PackWriter.Part last = pack.lastPart();
        return hand(pack, last, () -> {
            try {
                onPackFinished.finished(pack.finish(last, sealer));
            } finally {
                pack.abandon();
            }
        });
    }

    private void failed(Exception e) {
        failure.compareAndSet(null, e instanceof IOException io ? io : new IOException(e));
    }

    private void throwIfFailed() throws IOException {
        IOException failed = failure.get();
        if (failed != null) {
            throw new IOException("writing a pack failed: " + failed.getMessage(), failed);
        }
    }

    /** Outside the lock, after handing parts over: waits while too many parts are unwritten. */
    private void awaitSlots(int handed) throws IOException {
        if (handed == 0) {
            return;
        }
        try {
            partSlots.acquire(handed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while packs were being written");
        }
    }

    private void awaitClosing() {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            pending = List.copyOf(closing);
            closing.clear();
        }
        for (CompletableFuture<Void> step : pending) {
            try {
                step.join();
            } catch (CompletionException recordedAsFailure) {
                // the step recorded its failure, which the caller reports
            }
        }
    }

    /** Finishes every open pack and waits until all are durable and handed to {@code onPackFinished}. */
    public void flush() throws IOException {
        int handed;
        synchronized (this) {
            for (PackWriter pack : open.values()) {
                closing.add(finishing(pack));
            }
            handed = open.size();
            open.clear();
        }
        awaitSlots(handed);
        awaitClosing();
        throwIfFailed();
    }

    /** Abandons unfinished packs (nothing of them becomes visible) after packs being finished are done. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (PackWriter pack : open.values()) {
                closing.add(pack.then(pack::abandon, writers));
            }
            open.clear();
        }
        try {
            awaitClosing();
        } finally {
            writers.shutdown();
            idle.forEach(Compressor::close);
            idle.clear();
        }
    }
}
