package dev.hokan.store.restore;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.blob.ReadPlan;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.parts.BlobLoader;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import dev.hokan.store.tree.TreeAhead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a snapshot, or chosen paths of it, into a sink. Chunks are fetched and verified in parallel and written in
 * place; stored names that could escape the sink's root are refused before the sink sees them. Files are restored a
 * batch at a time, their chunks in the order of the packs that hold them ({@link #writes}).
 *
 * @param <P> how the sink addresses an entry
 */
public final class Restorer<P> implements AutoCloseable {
    /**
     * Bounds of a batch ({@link #writes}): a backup stores the chunks of the files it reads at once side by side, and
     * restored file after file, a pack was fetched again for each of them once the read-ahead had let it go. The files
     * of more than one chunk are open until the batch ends; those of one chunk are created, written and finished at
     * once.
     */
    private static final long BATCH_BYTES = 256L * 1024 * 1024;
    private static final int BATCH_OPEN_FILES = 64;

    private final BlobLoader loader;
    private final RestoreSink<P> sink;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    /**
     * The files to restore, in the order of the walk: all of them are found before the first is started, so that the
     * store knows the whole read ahead ({@link BlobLoader#plan}).
     */
    private final List<Map.Entry<P, Node>> found = new ArrayList<>();
    private final List<FileRestore<P>> files = new ArrayList<>();
    private final List<Map.Entry<P, Node>> directories = new ArrayList<>();
    /** The first name restored of each hard-linked file, known once its content is complete. */
    private final Map<String, CompletableFuture<P>> hardLinks = new HashMap<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final ThreadLocal<BlobLoader.Buffers> buffers = ThreadLocal.withInitial(BlobLoader.Buffers::new);
    private final ProgressListener progress;
    private final long totalBytes;
    private long fileCount;
    private final List<String> inconsistent = new ArrayList<>();

    /** Where an earlier run of this restore stopped, or null. */
    private final RestoreCheckpoint resumeFrom;
    /** How each file of {@link #found} is restored, known before the first is started. */
    private Way[] ways;
    /** Which files of {@link #found} are the last of their batch. */
    private boolean[] endsBatch;
    /** The files of the batch being gathered, started once its last file is reached. */
    private final List<BatchFile<P>> gathering = new ArrayList<>();
    /** Which files of {@link #found} are complete, and how many of them in a row from the first. */
    private boolean[] complete;
    private int completeInARow;

    /** @param resumeFrom where an earlier run of this restore into {@code sink} stopped; null for a new restore */
    @SuppressWarnings("exports")
    public Restorer(BlobLoader loader, RestoreSink<P> sink, ProgressListener progress, long totalBytes,
                    RestoreCheckpoint resumeFrom) {
        this.loader = loader;
        this.sink = sink;
        this.progress = progress;
        this.totalBytes = totalBytes;
        this.resumeFrom = resumeFrom;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("hokan-restore-", 0).factory());
        this.inFlight = new Semaphore(threads * 4);
    }

    @SuppressWarnings("exports")
    public RestoreResult restore(Manifest manifest, List<String> paths) throws IOException, InterruptedException {
        Instant started = Instant.now();
        P target = resumeFrom == null ? sink.open(paths.isEmpty()) : sink.reopen(paths.isEmpty());
        Tree root = loader.tree(manifest.root());
        if (paths.isEmpty()) {
            directory(root, target);
        } else {
            for (String path : paths) {
                restorePath(root, target, path);
            }
        }
        complete = new boolean[found.size()];
        decideWays();
        try (ReadPlan plan = loader.plan(plannedChunks())) {
            try {
                for (int i = 0; i < found.size(); i++) {
                    file(i, found.get(i).getValue(), found.get(i).getKey());
                }
            } catch (IOException | RuntimeException | InterruptedException refused) {
                // the refusal (or the stop) is what gets reported, once the files already started are complete or
                // removed; those of a batch not started are not restored
                gathering.forEach(file -> file.done().completeExceptionally(refused));
                settleFiles();
                throw refused;
            }
            FilesNotRestoredException notRestored = settleFiles();
            if (notRestored != null) {
                throw notRestored;
            }
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            sink.metadata(directories.get(i).getKey(), directories.get(i).getValue());
        }
        if (paths.isEmpty() && root.self() != null) {
            sink.metadata(target, root.self());
        }
        return new RestoreResult(fileCount, bytesWritten.get(), inconsistent, Duration.between(started, Instant.now()),
                List.copyOf(sink.problems()));
    }

    private void restorePath(Tree root, P target, String requested) throws IOException, InterruptedException {
        List<String> parts = new ArrayList<>();
        for (String part : requested.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            checkName(part);
            parts.add(part);
        }
        Tree tree = root;
        P directory = target;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            Node node = tree.find(part).orElseThrow(() -> new IOException("path " + requested + " is not in the recovery point"));
            if (i == parts.size() - 1) {
                entry(node, directory, null);
            } else if (node.type() == NodeType.DIRECTORY) {
                directory = sink.child(directory, part);
                sink.directory(directory);
                tree = loader.tree(node.subtree());
            } else {
                throw new IOException("path " + requested + " is not in the recovery point");
            }
        }
        if (parts.isEmpty()) {
            directory(root, target);
        }
    }

    /**
     * The trees of the directory's subdirectories are read ahead on the workers, idle until the walk has found every
     * file: read one after another on this thread, thousands of them were the walk's main cost (profiled).
     */
    private void directory(Tree tree, P directory) throws IOException, InterruptedException {
        Map<String, TreeAhead> subtrees = new HashMap<>();
        for (Node node : tree.nodes()) {
            if (node.type() == NodeType.DIRECTORY && node.subtree() != null) {
                subtrees.put(node.name(), new TreeAhead(() -> loader.tree(node.subtree()), workers));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Node node : tree.nodes()) {
            checkName(node.name());
            if (!seen.add(node.name())) {
                throw new IOException("refusing a recovery point with two entries named " + node.name() + " in one directory");
            }
            entry(node, directory, subtrees.get(node.name()));
        }
    }

    /** {@code subtree}: a directory's tree being read ahead, or null. */
    private void entry(Node node, P directory, TreeAhead subtree) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("restore stopped");
        }
        P place = sink.child(directory, node.name());
        switch (node.type()) {
            case DIRECTORY -> {
                sink.directory(place);
                directories.add(Map.entry(place, node));
                directory(subtree == null ? loader.tree(node.subtree()) : subtree.get(), place);
            }
            case SYMLINK -> sink.symlink(place, node);
            case FILE -> found.add(Map.entry(place, node));
            case NAMED_PIPE, CHARACTER_DEVICE, BLOCK_DEVICE -> sink.special(place, node);
        }
    }

    private static void checkName(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IOException("refusing to restore an entry named '" + name.replace("\0", "\\0")
                    + "': it could write outside the target directory");
        }
    }

    /** How a file of the walk is restored. */
    private enum Way {
        /** A further name of a file restored under an earlier name. */
        LINKED,
        /** Complete since an earlier run of the restore. */
        KEPT,
        /** No content: created and finished by a worker. */
        EMPTY,
        /** One chunk, written by one worker in its batch's order ({@link #writes}). */
        SMALL,
        /** More than one chunk, written in its batch's order. */
        LARGE
    }

    private static String identity(Node node) {
        return node.links() > 1 ? node.device() + ":" + node.inode() : null;
    }

    /** Decides how each file found is restored, and which files are restored together. */
    private void decideWays() throws IOException {
        ways = new Way[found.size()];
        endsBatch = new boolean[found.size()];
        Set<String> firstNames = new HashSet<>();
        int openFiles = 0;
        long batchBytes = 0;
        int lastBatched = -1;
        for (int i = 0; i < ways.length; i++) {
            Node node = found.get(i).getValue();
            String identity = identity(node);
            if (identity != null && !firstNames.add(identity)) {
                ways[i] = Way.LINKED;
            } else if (keptFromEarlierRun(i, node, found.get(i).getKey())) {
                ways[i] = Way.KEPT;
            } else if (node.content().isEmpty()) {
                ways[i] = Way.EMPTY;
            } else {
                ways[i] = node.content().size() == 1 ? Way.SMALL : Way.LARGE;
                lastBatched = i;
                batchBytes += node.size();
                openFiles += ways[i] == Way.LARGE ? 1 : 0;
                // a sink that takes content in order gains nothing from a batch
                if (sink.inOrder() || openFiles == BATCH_OPEN_FILES || batchBytes >= BATCH_BYTES) {
                    endsBatch[i] = true;
                    openFiles = 0;
                    batchBytes = 0;
                }
            }
        }
        if (lastBatched >= 0) {
            endsBatch[lastBatched] = true;
        }
    }

    /** The chunks the restore reads, in the order it reads them. */
    private List<ChunkId> plannedChunks() throws IOException {
        List<ChunkId> chunks = new ArrayList<>();
        List<Node> batch = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Node node = found.get(i).getValue();
            if (ways[i] == Way.SMALL || ways[i] == Way.LARGE) {
                batch.add(node);
                if (endsBatch[i]) {
                    writes(batch).forEach(write -> chunks.add(write.chunk()));
                    batch.clear();
                }
            }
        }
        return chunks;
    }

    /** Restores the {@code index}-th file of the walk, or leaves it as an earlier run of the restore completed it. */
    private void file(int index, Node node, P place) throws IOException, InterruptedException {
        fileCount++;
        if (node.inconsistent()) {
            inconsistent.add(sink.relative(place));
        }
        String identity = identity(node);
        CompletableFuture<Void> restored = switch (ways[index]) {
            // Linked once the first name's content is complete, so no name ever shares a file that failed; linked
            // again when resumed, since the first name may have been restored anew.
            case LINKED -> hardLinks.get(identity).thenAcceptAsync(first -> link(place, first), workers);
            case KEPT -> CompletableFuture.completedFuture(null);
            case EMPTY -> smallFile(node, place);
            case SMALL, LARGE -> new CompletableFuture<>();
        };
        files.add(new FileRestore<>(place, restored));
        restored.thenRun(() -> completed(index));
        if (identity != null && ways[index] != Way.LINKED) {
            hardLinks.put(identity, restored.thenApply(done -> place));
        }
        if (ways[index] == Way.SMALL || ways[index] == Way.LARGE) {
            gathering.add(new BatchFile<>(node, place, ways[index] == Way.LARGE, restored));
            if (endsBatch[index]) {
                List<BatchFile<P>> batch = List.copyOf(gathering);
                gathering.clear();
                restoreTogether(batch);
            }
        }
    }

    /** Whether an earlier run completed the file and the sink still holds it as that run left it. */
    private boolean keptFromEarlierRun(int index, Node node, P place) throws IOException {
        if (resumeFrom == null || index >= resumeFrom.filesComplete()) {
            return false;
        }
        long size = 0;
        for (ChunkId chunk : node.content()) {
            size += loader.sizeOf(chunk);
        }
        if (!sink.holds(place, node, size)) {
            return false;
        }
        offset(size);
        return true;
    }

    /** The {@code index}-th file of the walk is complete: the files complete in a row from the first may grow. */
    private synchronized void completed(int index) {
        complete[index] = true;
        int before = completeInARow;
        while (completeInARow < complete.length && complete[completeInARow]) {
            completeInARow++;
        }
        if (completeInARow > before) {
            progress.filesComplete(completeInARow);
        }
    }

    private void link(P place, P first) {
        try {
            sink.link(place, first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of a batch, whether it has more than one chunk, and when it is done. */
    private record BatchFile<P>(Node node, P place, boolean large, CompletableFuture<Void> done) {
    }

    /**
     * Hands the batch's chunks to the workers in the batch's order: a file of one chunk is created, written and
     * finished by one worker; a larger one is created first, and finished once all its chunks are written, or removed
     * when one of them failed.
     */
    private void restoreTogether(List<BatchFile<P>> files) throws IOException, InterruptedException {
        int count = files.size();
        RestoreSink.ContentWriter[] writers = new RestoreSink.ContentWriter[count];
        List<List<CompletableFuture<Void>>> writes = new ArrayList<>(count);
        boolean[] started = new boolean[count];
        try {
            List<Write> order = writes(files.stream().map(BatchFile::node).toList());
            long[] sizes = new long[count];
            order.forEach(write -> sizes[write.file()] += write.length());
            for (int i = 0; i < count; i++) {
                writes.add(new ArrayList<>());
                if (files.get(i).large()) {
                    writers[i] = sink.file(files.get(i).place(), sizes[i]);
                    started[i] = true;
                }
            }
            for (Write chunk : order) {
                BatchFile<P> file = files.get(chunk.file());
                if (!file.large()) {
                    started[chunk.file()] = true;
                    propagate(smallFile(file.node(), file.place()), file.done());
                    continue;
                }
                RestoreSink.ContentWriter writer = writers[chunk.file()];
                List<CompletableFuture<Void>> fileWrites = writes.get(chunk.file());
                Runnable write = () -> {
                    try {
                        writeChunk(writer, chunk.chunk(), chunk.position());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                inFlight.acquire();
                // In order, a chunk is written after the one before it; after a failed one, the later ones never run.
                CompletableFuture<Void> written = sink.inOrder() && !fileWrites.isEmpty()
                        ? fileWrites.getLast().thenRunAsync(write, workers)
                        : CompletableFuture.runAsync(write, workers);
                written.whenComplete((ok, failure) -> inFlight.release());
                fileWrites.add(written);
            }
        } catch (IOException | InterruptedException | RuntimeException stopped) {
            // the files' other chunks never come: each goes once the writes already handed out are done
            for (int i = 0; i < count; i++) {
                RestoreSink.ContentWriter writer = writers[i];
                CompletableFuture<Void> done = files.get(i).done();
                if (writer != null) {
                    allOf(writes.get(i)).handle((ok, failure) -> {
                        abandon(writer);
                        return done.completeExceptionally(stopped);
                    });
                } else if (!started[i]) {
                    done.completeExceptionally(stopped);
                }
            }
            throw stopped;
        }
        for (int i = 0; i < count; i++) {
            if (writers[i] != null) {
                propagate(finished(writers[i], files.get(i).node(), writes.get(i)), files.get(i).done());
            }
        }
    }

    /** The file once all its writes are done and it is finished, or removed when one of them failed. */
    private static CompletableFuture<Void> finished(RestoreSink.ContentWriter file, Node node,
                                                    List<CompletableFuture<Void>> writes) {
        return allOf(writes).whenComplete((ok, failure) -> {
            if (failure != null) {
                // never leave a file that looks restored but has holes where chunks failed
                abandon(file);
                return;
            }
            try {
                file.finish(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void propagate(CompletableFuture<Void> from, CompletableFuture<Void> to) {
        from.whenComplete((ok, failure) -> {
            if (failure == null) {
                to.complete(null);
            } else {
                to.completeExceptionally(failure);
            }
        });
    }

    /**
     * A chunk of the {@code file}-th file of a batch, {@code length} bytes at {@code position} in it, stored in the
     * {@code pack}-th pack the batch needs at {@code offset}.
     */
    private record Write(int file, ChunkId chunk, long position, int length, int pack, long offset) {
    }

    /**
     * The chunks of a batch's files, in the order they are written: the order of the packs that hold them (each pack
     * where the batch first needs it), so that a pack's chunks for all the batch's files are read one after another,
     * once; for a sink that takes content in order, file after file.
     */
    private List<Write> writes(List<Node> batch) throws IOException {
        List<Write> writes = new ArrayList<>();
        Map<ObjectId, Integer> packs = new HashMap<>();
        for (int file = 0; file < batch.size(); file++) {
            long position = 0;
            for (ChunkId chunk : batch.get(file).content()) {
                IndexEntry entry = loader.locate(chunk);
                int pack = packs.computeIfAbsent(entry.pack(), id -> packs.size());
                writes.add(new Write(file, chunk, position, entry.rawLength(), pack, entry.offset()));
                position += entry.rawLength();
            }
        }
        if (!sink.inOrder()) {
            writes.sort(Comparator.comparingInt(Write::pack).thenComparingLong(Write::offset));
        }
        return writes;
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    private static void abandon(RestoreSink.ContentWriter file) {
        try {
            file.abandon();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file of at most one chunk is created, written and finished by one worker: with thousands of small
     * files, creating them on the walking thread alone was the restore's bottleneck (profiled).
     */
    private CompletableFuture<Void> smallFile(Node node, P place) throws InterruptedException {
        inFlight.acquire();
        return CompletableFuture.runAsync(() -> {
            try {
                long size = node.content().isEmpty() ? 0 : loader.sizeOf(node.content().getFirst());
                RestoreSink.ContentWriter restored = sink.file(place, size);
                try {
                    if (size > 0) {
                        writeChunk(restored, node.content().getFirst(), 0);
                    }
                    restored.finish(node);
                } catch (IOException | RuntimeException e) {
                    restored.abandon();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                inFlight.release();
            }
        }, workers);
    }

    private void writeChunk(RestoreSink.ContentWriter file, ChunkId chunk, long position) throws IOException {
        BlobLoader.Plaintext data = loader.load(chunk, BlobType.DATA, buffers.get());
        offset(data.length());
        // One writer per file at a time (RestoredFile is synchronized): concurrent writes to one file contend
        // on its inode lock, which the kernel spins on (profiled: a fifth of restore CPU). Decryption stays parallel.
        file.write(data.bytes(), data.length(), position);
    }

    private void offset(long written) {
        progress.progress(bytesWritten.addAndGet(written), totalBytes);
    }

    /** A name being restored, and when it is done. */
    private record FileRestore<P>(P place, CompletableFuture<Void> done) {}

    /**
     * Waits for every file started so far, so that each ends either complete or removed, never with holes
     * under its name; returns what failed, or null.
     */
    private FilesNotRestoredException settleFiles() throws InterruptedException {
        FileRestore<P> first = null;
        IOException firstFailure = null;
        int failed = 0;
        for (FileRestore<P> file : files) {
            try {
                await(file.done());
            } catch (IOException failure) {
                if (failed++ == 0) {
                    first = file;
                    firstFailure = failure;
                }
            }
        }
        return failed == 0 ? null : new FilesNotRestoredException(String.valueOf(first.place()), firstFailure, failed);
    }

    private static void await(CompletableFuture<Void> future) throws IOException, InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw new IOException("restore failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
