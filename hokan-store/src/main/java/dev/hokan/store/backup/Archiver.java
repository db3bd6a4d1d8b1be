package dev.hokan.store.backup;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.FileProblem;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.chunk.Chunker;
import dev.hokan.store.chunk.ChunkingReader;
import dev.hokan.store.crypto.ChunkHasher;
import dev.hokan.store.crypto.CryptoWarmup;
import dev.hokan.store.parts.BlobLoader;
import dev.hokan.store.parts.WriteSession;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import dev.hokan.store.tree.TreeAhead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a source into trees and chunks. One thread walks the source, reads files and cuts them into chunks; a
 * pool of workers hashes, compresses, seals and packs the chunks. A fixed pool of chunk buffers bounds the data in
 * flight, and so memory, whatever the size of the source. Files unchanged since the parent snapshot (same size, mtime,
 * ctime and inode) are not read at all.
 */
final class Archiver implements BackupSource.Archive, AutoCloseable {
    private final WriteSession session;
    private final BlobLoader loader;
    private final Chunker chunker;
    private final ChunkHasher hasher;
    private final ExecutorService workers;
    private final BlockingQueue<byte[]> chunkBuffers;
    private final ChunkingReader reader;
    private final List<FileProblem> problems = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> inconsistent = new ArrayList<>();
    private final AtomicLong bytesDone = new AtomicLong();
    private final ProgressListener progress;
    private final FinishSignal finish;
    private final AtomicLong counted = new AtomicLong();
    private volatile boolean countFinished;
    private long parentTotal;
    private final List<CompletableFuture<ChunkId>> abandonedChunks = new ArrayList<>();
    private long files;
    private long bytes;
    private long unchanged;
    private String firstNotReached;
    private long notReached;
    /** The pooled buffer small files are being gathered in (walking thread only), or null. */
    private byte[] gathering;
    private int gathered;
    private final List<SmallFile> gatheredFiles = new ArrayList<>();

    /** A file read whole into the buffer being gathered, at {@code offset}; its chunk ID once a worker stored it. */
    private record SmallFile(int offset, int length, CompletableFuture<ChunkId> id) {
    }

    /** {@code notReached} is null when the walk reached everything. */
    record Result(ChunkId root, List<FileProblem> problems, List<String> inconsistent, List<String> skipped,
                  NotReached notReached, long files, long bytes, long unchanged) {
    }

    /** Thrown from the chunk sink to abandon the file being read when the backup is asked to finish. */
    private static final class FinishRequested extends IOException {
        FinishRequested() {
            super("finish requested", null);
        }
    }

    Archiver(WriteSession session, BlobLoader loader, Chunker chunker, ChunkHasher hasher, ProgressListener progress,
             FinishSignal finish) {
        this.session = session;
        this.loader = loader;
        this.chunker = chunker;
        this.hasher = hasher;
        this.progress = progress;
        this.finish = finish;
        this.reader = new ChunkingReader(chunker);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("hokan-chunk-", 0).factory());
        // Chunks in flight hold one of these buffers each: this bounds memory whatever the source's size.
        this.chunkBuffers = new ArrayBlockingQueue<>(threads + 2);
        for (int i = 0; i < threads + 2; i++) {
            chunkBuffers.add(new byte[chunker.params().max()]);
        }
    }

    /**
     * Archives the source. Progress needs a total early: a concurrent count of the source, made only for a listener
     * that shows the total; until the count ends, the parent snapshot's size when it is larger, since the source
     * may have grown or shrunk since the parent. The count runs on a platform thread: a directory's count calls the C
     * library, and a call that blocks (a slow network file system) would hold a virtual thread's carrier, which the
     * JDK does not make up for as it does for its own file calls.
     */
    Result archive(BackupSource source, Tree parentRoot, long parentTotalBytes) throws IOException, InterruptedException {
        parentTotal = parentRoot == null ? 0 : parentTotalBytes;
        Thread counter = progress.showsTotal() ? Thread.ofPlatform().daemon().name("hokan-count")
                .start(() -> countFinished = source.count(counted::addAndGet)) : null;
        try {
            CompletableFuture<ChunkId> reading = source.read(this, parentRoot);
            handOverGathered();
            ChunkId root = await(reading);
            // Chunks of abandoned files may still be being stored; the session must not be committed under them.
            await(CompletableFuture.allOf(abandonedChunks.toArray(CompletableFuture[]::new)));
            NotReached left = firstNotReached == null ? null : new NotReached(firstNotReached, notReached, finish.reason());
            return new Result(root, problems, inconsistent, skipped, left, files, bytes, unchanged);
        } finally {
            if (counter != null) {
                counter.interrupt();
            }
        }
    }

    private void reportProgress() {
        long done = bytesDone.get();
        long total = countFinished ? counted.get() : Math.max(counted.get(), parentTotal);
        progress.progress(done, Math.max(done, total));
    }

    @Override
    public boolean finishRequested() {
        return finish.requested();
    }

    @Override
    public void notReached(String path) {
        if (firstNotReached == null) {
            firstNotReached = path;
        }
        notReached++;
    }

    @Override
    public void problem(String path, String reason) {
        problems.add(new FileProblem(path, reason));
    }

    @Override
    public void skipped(String description) {
        skipped.add(description);
    }

    @Override
    public void inconsistent(String path) {
        inconsistent.add(path);
    }

    @Override
    public void scanned(Node file) {
        files++;
        bytes += file.size();
    }

    @Override
    public Tree parentTree(Node previousDirectory) {
        try {
            return loader.tree(previousDirectory.subtree());
        } catch (IOException unreadable) {
            // Without the parent's tree the directory is simply read in full.
            return null;
        }
    }

    @Override
    public TreeAhead parentTreeAhead(Node previousDirectory) {
        return new TreeAhead(() -> parentTree(previousDirectory), workers);
    }

    @Override
    public CompletableFuture<Node> unchanged(Node found, Node previous) {
        if (!previous.sameFileAs(found) || !previous.content().stream().allMatch(session::has)) {
            return null;
        }
        // Changing an extended attribute changes the ctime: the previous ones still hold.
        scanned(found);
        unchanged++;
        bytesDone.addAndGet(found.size());
        reportProgress();
        return CompletableFuture.completedFuture(found.withContent(previous.content()).withAttributes(previous.attributes()));
    }

    @Override
    public BackupSource.Content read(ReadableByteChannel channel, long expectedSize) throws IOException, InterruptedException {
        List<CompletableFuture<ChunkId>> chunks = new ArrayList<>();
        try {
            long read = expectedSize >= 0 && expectedSize <= chunker.params().min()
                    ? readWhole(channel, expectedSize, chunks) : readChunked(channel, chunks);
            return new BackupSource.Content(chunks, read);
        } catch (FinishRequested e) {
            abandonedChunks.addAll(chunks);
            return null;
        } catch (IOException e) {
            abandonedChunks.addAll(chunks);
            throw e;
        }
    }

    @Override
    public void abandon(BackupSource.Content content) {
        abandonedChunks.addAll(content.chunks());
    }

    @Override
    public CompletableFuture<Node> file(Node file, BackupSource.Content content, boolean inconsistent) {
        List<CompletableFuture<ChunkId>> chunks = content.chunks();
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done ->
                Node.builder()
                        .name(file.name())
                        .type(NodeType.FILE)
                        .mode(file.mode())
                        .uid(file.uid())
                        .gid(file.gid())
                        .mtimeNanos(file.mtimeNanos())
                        .ctimeNanos(file.ctimeNanos())
                        .inode(file.inode())
                        .device(file.device())
                        .links(file.links())
                        .size(content.length())
                        .content(chunks.stream().map(CompletableFuture::join).toList())
                        .attributes(file.attributes())
                        .inconsistent(inconsistent)
                        .build());
    }

    @Override
    public CompletableFuture<ChunkId> tree(List<CompletableFuture<Node>> entries, Node self) {
        return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
                .thenApplyAsync(done -> storeTree(entries.stream().map(CompletableFuture::join).toList(), self), workers);
    }

    private ChunkId storeTree(List<Node> nodes, Node self) {
        byte[] encoded = new Tree(nodes, self).encode();
        ChunkId id = hasher.hash(encoded, 0, encoded.length);
        try {
            session.store(BlobType.TREE, id, encoded, 0, encoded.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /**
     * Reads a file that is one chunk at most into the buffer small files are gathered in: its chunk is stored once the
     * buffer is full and handed to a worker with the others. One hand-off per file woke a worker per file and held a
     * whole chunk buffer (the maximum chunk size) for a file of a few KiB.
     */
    private long readWhole(ReadableByteChannel channel, long size, List<CompletableFuture<ChunkId>> chunks)
            throws IOException, InterruptedException {
        if (size == 0) {
            return 0;
        }
        if (gathering != null && gathered + size > gathering.length) {
            handOverGathered();
        }
        if (gathering == null) {
            gathering = chunkBuffers.take();
            gathered = 0;
        }
        ByteBuffer target = ByteBuffer.wrap(gathering, gathered, (int) size);
        while (target.hasRemaining() && channel.read(target) >= 0) {
            // keep reading until full or end of file
        }
        int length = target.position() - gathered;
        if (length > 0) {
            CompletableFuture<ChunkId> id = new CompletableFuture<>();
            gatheredFiles.add(new SmallFile(gathered, length, id));
            gathered += length;
            chunks.add(id);
        }
        return length;
    }

    /** Hands the small files gathered so far to a worker, which stores their chunks and returns the buffer to the pool. */
    private void handOverGathered() {
        if (gathering == null) {
            return;
        }
        byte[] data = gathering;
        List<SmallFile> files = List.copyOf(gatheredFiles);
        gathering = null;
        gatheredFiles.clear();
        if (files.isEmpty()) {
            chunkBuffers.add(data);
            return;
        }
        CryptoWarmup.start(CryptoWarmup.Work.SEALING);
        workers.execute(() -> {
            try {
                for (SmallFile file : files) {
                    try {
                        file.id().complete(store(data, file.offset(), file.length()));
                    } catch (IOException e) {
                        file.id().completeExceptionally(new UncheckedIOException(e));
                    } catch (RuntimeException | Error e) {
                        // an Error too: a file whose chunk never completes would hold the backup forever
                        file.id().completeExceptionally(e);
                    } finally {
                        bytesDone.addAndGet(file.length());
                        reportProgress();
                    }
                }
            } finally {
                chunkBuffers.add(data);
            }
        });
    }

    private long readChunked(ReadableByteChannel channel, List<CompletableFuture<ChunkId>> chunks)
            throws IOException, InterruptedException {
        return reader.read(channel, (data, offset, length) -> {
            if (finish.requested()) {
                throw new FinishRequested();
            }
            byte[] chunk = chunkBuffers.take();
            System.arraycopy(data, offset, chunk, 0, length);
            chunks.add(submit(chunk, length));
        });
    }

    /**
     * Hands a pooled buffer holding one chunk to the workers, who return it to the pool. The crypto warm-up
     * starts with the first chunk read: a backup that finds every file unchanged reads none and would only
     * pay for it (measured: about 2.5 CPU-seconds of warm-up and compilation, on a 1.5 s backup).
     */
    private CompletableFuture<ChunkId> submit(byte[] data, int length) {
        CryptoWarmup.start(CryptoWarmup.Work.SEALING);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store(data, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                chunkBuffers.add(data);
                bytesDone.addAndGet(length);
                reportProgress();
            }
        }, workers);
    }

    private ChunkId store(byte[] data, int offset, int length) throws IOException {
        ChunkId id = hasher.hash(data, offset, length);
        session.store(BlobType.DATA, id, data, offset, length);
        return id;
    }

    private static <T> T await(CompletableFuture<T> pending) throws IOException, InterruptedException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException wrapped && wrapped.getCause() != null) {
                cause = wrapped.getCause();
            }
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw new IOException("storing a chunk failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
