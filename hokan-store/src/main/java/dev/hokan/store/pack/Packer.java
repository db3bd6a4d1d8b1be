package dev.hokan.store.pack;

import dev.hokan.store.ChunkId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Compresses, seals and appends blobs to the open pack of their type, from any number of threads.
 * When a pack reaches the target size it is finished and its entries handed to {@code onPackFinished};
 * only then may anything refer to them durably. No storage call is made under the lock the adding threads share.
 */
public final class Packer implements AutoCloseable {
    private final BlobStore store;
    private final Sealer sealer;
    private final long targetSize;
    private final PackListener onPackFinished;
    private final Map<BlobType, PackWriter> open = new EnumMap<>(BlobType.class);
    private final List<CompletableFuture<Void>> inProgress = new ArrayList<>();
    // One compressor per thread that is adding at the moment: as many as there are workers.
    private final Queue<Compressor> idle = new ConcurrentLinkedQueue<>();
    // The storage calls of the packs: those of one pack in the order it was filled, packs side by side.
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

    /**
     * Under the lock only memory changes: the blob is copied into its pack, and a full part or a full pack is handed
     * to the pack's writing in the order it was filled. A thread that handed over a part waits for it outside the
     * lock, which bounds the parts in memory by the adding threads; a full pack is finished while the next one fills.
     */
    private void append(BlobType type, ChunkId id, byte[] sealed, int sealedLength, int rawLength) throws IOException {
        CompletableFuture<Void> written = null;
        synchronized (this) {
            PackWriter pack = open.computeIfAbsent(type, t -> new PackWriter(store));
            pack.add(type, id, sealed, sealedLength, rawLength);
            if (pack.size() >= targetSize) {
                open.remove(type);
                inProgress.add(finishing(pack));
            } else if (pack.partFull()) {
                PackWriter.Part part = pack.takePart();
                written = then(pack, () -> pack.write(part));
            }
        }
        if (written != null) {
            await(written);
        }
    }

    private interface StorageWork {
        void run() throws IOException;
    }

    /**
     * Called under the lock: runs storage work on the pack after all work handed to it before, even if that failed
     * (the pack refuses to write after a failed write, and must still be closed).
     */
    private CompletableFuture<Void> then(PackWriter pack, StorageWork work) {
        CompletableFuture<Void> next = pack.queue().handleAsync((before, failed) -> {
            try {
                work.run();
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writers);
        pack.queue(next);
        return next;
    }

    /** Called under the lock, once the pack takes no more blobs. */
    private CompletableFuture<Void> finishing(PackWriter pack) {
        PackWriter.Part last = pack.takePart();
        return then(pack, () -> {
            try {
                onPackFinished.finished(pack.finish(last, sealer));
            } finally {
                pack.close();
            }
        });
    }

    private static void await(CompletableFuture<Void> work) throws IOException {
        try {
            work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw new IOException("writing a pack failed", e.getCause());
        }
    }

    private void awaitFinishing() throws IOException {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            pending = List.copyOf(inProgress);
            inProgress.clear();
        }
        for (CompletableFuture<Void> finishing : pending) {
            await(finishing);
        }
    }

    /** Finishes every open pack and waits until all are durable. */
    public void flush() throws IOException {
        synchronized (this) {
            for (PackWriter pack : open.values()) {
                inProgress.add(pack.isEmpty() ? then(pack, pack::close) : finishing(pack));
            }
            open.clear();
        }
        awaitFinishing();
    }

    /** Abandons unfinished packs (nothing of them becomes visible) after packs being finished are done. */
    @Override
    public void close() throws IOException {
        List<CompletableFuture<Void>> abandoning = new ArrayList<>();
        synchronized (this) {
            for (PackWriter pack : open.values()) {
                abandoning.add(then(pack, pack::close));
            }
            open.clear();
        }
        try {
            awaitFinishing();
            for (CompletableFuture<Void> abandoned : abandoning) {
                await(abandoned);
            }
        } finally {
            writers.shutdown();
            idle.forEach(Compressor::close);
            idle.clear();
        }
    }
}
