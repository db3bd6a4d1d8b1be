package dev.hokan.store.pack;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Compresses, seals and appends blobs to the open pack of their type, from any number of threads.
 * When a pack reaches the target size it is finished and its entries handed to {@code onPackFinished};
 * only then may anything refer to them durably.
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
    private final ExecutorService finisher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("hokan-pack-finisher").factory());

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
        PackWriter full = null;
        synchronized (this) {
            PackWriter writer = open.get(type);
            if (writer == null) {
                writer = new PackWriter(store);
                open.put(type, writer);
            }
            writer.add(type, id, sealed, sealedLength, rawLength);
            if (writer.size() >= targetSize) {
                full = open.remove(type);
            }
        }
        if (full != null) {
            finishInBackground(full);
        }
    }

    /** Making a full pack durable (fsync, rename) overlaps with filling the next one. */
    private void finishInBackground(PackWriter writer) {
        CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> {
            try {
                finish(writer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, finisher);
        synchronized (this) {
            inProgress.add(finishing);
        }
    }

    private void awaitFinishing() throws IOException {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            pending = List.copyOf(inProgress);
            inProgress.clear();
        }
        for (CompletableFuture<Void> finishing : pending) {
            try {
                finishing.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException unchecked) {
                    throw unchecked.getCause();
                }
                throw new IOException("finishing a pack failed", e.getCause());
            }
        }
    }

    private void finish(PackWriter writer) throws IOException {
        try (writer) {
            onPackFinished.finished(writer.finish(sealer));
        }
    }

    /** Finishes every open pack and waits until all are durable. */
    public void flush() throws IOException {
        awaitFinishing();
        List<PackWriter> writers;
        synchronized (this) {
            writers = List.copyOf(open.values());
            open.clear();
        }
        for (PackWriter writer : writers) {
            if (writer.isEmpty()) {
                writer.close();
            } else {
                finish(writer);
            }
        }
    }

    /** Abandons unfinished packs (nothing of them becomes visible) after packs being finished are done. */
    @Override
    public void close() throws IOException {
        try {
            awaitFinishing();
        } finally {
            finisher.shutdown();
            idle.forEach(Compressor::close);
            idle.clear();
        }
        List<PackWriter> writers;
        synchronized (this) {
            writers = List.copyOf(open.values());
            open.clear();
        }
        for (PackWriter writer : writers) {
            writer.close();
        }
    }
}
