package dev.hokan.store.restore;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.blob.ReadPlan;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a snapshot, or chosen paths of it, into a sink. Chunks are fetched and verified in parallel and written in
 * place; stored names that could escape the sink's root are refused before the sink sees them.
 *
 * @param <P> how the sink addresses an entry
 */
public final class Restorer<P> implements AutoCloseable {
    /** At most this many small files, or about this many bytes of them, go to a worker at once. */
    private static final int BATCH_FILES = 32;
    private static final long BATCH_BYTES = 1024 * 1024;
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
    /** The files written with an earlier one of the same content, known once the walk is done. */
    private Twins twins;
    /** The restores of files begun with an earlier one, until the walk's turn comes to them. */
    private final Map<Integer, CompletableFuture<Void>> begunAsTwins = new HashMap<>();
    /** Small files gathered for one worker ({@link #smallFiles}), and the bytes of their content. */
    private final List<SmallFile> batch = new ArrayList<>();
    private long batchBytes;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final ThreadLocal<BlobLoader.Buffers> buffers = ThreadLocal.withInitial(BlobLoader.Buffers::new);
    private final ProgressListener progress;
    private final long totalBytes;
    private long fileCount;
    private final List<String> inconsistent = new ArrayList<>();

    /** Where an earlier run of this restore stopped, or null. */
    private final RestoreCheckpoint resumeFrom;
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
        try {
            return restore(manifest, paths, target, started);
        } finally {
            sink.ended();
        }
    }

    private RestoreResult restore(Manifest manifest, List<String> paths, P target, Instant started)
            throws IOException, InterruptedException {
        Tree root = loader.tree(manifest.root());
        if (paths.isEmpty()) {
            directory(root, target);
        } else {
            for (String path : paths) {
                restorePath(root, target, path);
            }
        }
        twins = new Twins(found.stream().map(Map.Entry::getValue).toList(),
                resumeFrom == null ? 0 : resumeFrom.filesComplete());
        List<ChunkId> read = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            if (!twins.isTwin(i)) {
                read.addAll(found.get(i).getValue().content());
            }
        }
        try (ReadPlan plan = loader.plan(read)) {
            try {
                complete = new boolean[found.size()];
                for (int i = 0; i < found.size(); i++) {
                    file(i, found.get(i).getValue(), found.get(i).getKey());
                }
                handOff();
            } catch (IOException | RuntimeException | InterruptedException refused) {
                // the refusal (or the stop) is what gets reported, once the files already started are complete or
                // removed; the files still gathered are never started
                batch.forEach(file -> file.done().forEach(done -> done.completeExceptionally(refused)));
                begunAsTwins.forEach((index, done) -> files.add(new FileRestore<>(found.get(index).getKey(), done)));
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

    /** Restores the {@code index}-th file of the walk, or leaves it as an earlier run of the restore completed it. */
    private void file(int index, Node node, P place) throws IOException, InterruptedException {
        fileCount++;
        if (node.inconsistent()) {
            inconsistent.add(sink.relative(place));
        }
        String identity = node.links() > 1 ? node.device() + ":" + node.inode() : null;
        CompletableFuture<P> firstName = identity == null ? null : hardLinks.get(identity);
        CompletableFuture<Void> restored;
        if (twins.isTwin(index)) {
            restored = begunAsTwins.remove(index);
        } else if (firstName != null) {
            // Linked once the first name's content is complete, so no name ever shares a file that failed; linked
            // again when resumed, since the first name may have been restored anew.
            restored = firstName.thenAcceptAsync(first -> link(place, first), workers);
        } else if (keptFromEarlierRun(index, node, place)) {
            restored = CompletableFuture.completedFuture(null);
        } else {
            List<Map.Entry<P, Node>> targets = new ArrayList<>();
            targets.add(Map.entry(place, node));
            twins.of(index).forEach(twin -> targets.add(found.get(twin)));
            List<CompletableFuture<Void>> done = node.content().size() <= 1 ? smallFiles(targets) : largeFiles(targets);
            restored = done.getFirst();
            for (int i = 1; i < done.size(); i++) {
                begunAsTwins.put(twins.of(index).get(i - 1), done.get(i));
            }
        }
        files.add(new FileRestore<>(place, restored));
        restored.thenRun(() -> completed(index));
        if (identity != null && firstName == null) {
            hardLinks.put(identity, restored.thenApply(done -> place));
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

    /**
     * Restores files of more than one chunk and the same content ({@link Twins}; usually one): each chunk is loaded
     * once and written to all of them. Returns when each of them is complete, in the order of {@code targets}.
     */
    private List<CompletableFuture<Void>> largeFiles(List<Map.Entry<P, Node>> targets)
            throws IOException, InterruptedException {
        handOff();
        List<ChunkId> chunks = targets.getFirst().getValue().content();
        long[] positions = new long[chunks.size() + 1];
        for (int i = 0; i < chunks.size(); i++) {
            positions[i + 1] = positions[i] + loader.sizeOf(chunks.get(i));
        }
        long size = positions[chunks.size()];
        // A later file of the content that cannot be created fails alone, as a small one would: no writer, and its
        // failure is what it is done with.
        List<RestoreSink.ContentWriter> restored = new ArrayList<>(targets.size());
        List<CompletableFuture<Void>> done = new ArrayList<>(targets.size());
        restored.add(sink.file(targets.getFirst().getKey(), size));
        done.add(null);
        for (Map.Entry<P, Node> twin : targets.subList(1, targets.size())) {
            try {
                restored.add(sink.file(twin.getKey(), size));
                done.add(null);
            } catch (IOException e) {
                restored.add(null);
                done.add(CompletableFuture.failedFuture(new UncheckedIOException(e)));
            } catch (RuntimeException e) {
                restored.add(null);
                done.add(CompletableFuture.failedFuture(e));
            }
        }
        List<RestoreSink.ContentWriter> writers = restored.stream().filter(Objects::nonNull).toList();
        boolean inOrder = writers.stream().anyMatch(RestoreSink.ContentWriter::inOrder);
        List<CompletableFuture<Void>> writes = new ArrayList<>(chunks.size());
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        try {
            for (int i = 0; i < chunks.size(); i++) {
                ChunkId chunk = chunks.get(i);
                long position = positions[i];
                Runnable write = () -> {
                    try {
                        writeChunk(writers, chunk, position);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                inFlight.acquire();
                // In order, a chunk is written after the one before it; after a failed one, the later ones never run.
                CompletableFuture<Void> written = inOrder ? previous.thenRunAsync(write, workers)
                        : CompletableFuture.runAsync(write, workers);
                written.whenComplete((ok, failure) -> inFlight.release());
                writes.add(written);
                previous = written;
            }
        } catch (InterruptedException | RuntimeException stopped) {
            // the files' other chunks never come: they go once the writes already handed out are done
            for (int i = 0; i < targets.size(); i++) {
                RestoreSink.ContentWriter file = restored.get(i);
                if (file == null) {
                    continue;
                }
                files.add(new FileRestore<>(targets.get(i).getKey(), allOf(writes).handle((ok, failure) -> {
                    abandon(file);
                    return null;
                })));
            }
            throw stopped;
        }
        CompletableFuture<Void> allWritten = allOf(writes);
        for (int i = 0; i < targets.size(); i++) {
            RestoreSink.ContentWriter file = restored.get(i);
            Node node = targets.get(i).getValue();
            if (file == null) {
                continue;
            }
            done.set(i, allWritten.whenComplete((ok, failure) -> {
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
            }));
        }
        return done;
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
     * Restores files of at most one chunk and the same content ({@link Twins}; usually one) on one worker, which
     * creates, writes and finishes them one after another from the chunk loaded once: with thousands of small files,
     * creating them on the walking thread alone was the restore's bottleneck (profiled). The files go to the workers
     * in batches of consecutive ones ({@link #BATCH_FILES}, {@link #BATCH_BYTES}): handed over one by one, each woke
     * the walking thread, blocked on the bound of tasks in flight, for one more. Returns when each of them is
     * complete, in the order of {@code targets}.
     */
    private List<CompletableFuture<Void>> smallFiles(List<Map.Entry<P, Node>> targets) throws InterruptedException {
        List<CompletableFuture<Void>> done = targets.stream().map(target -> new CompletableFuture<Void>()).toList();
        List<ChunkId> content = targets.getFirst().getValue().content();
        batch.add(new SmallFile(() -> {
            try {
                long size = content.isEmpty() ? 0 : loader.sizeOf(content.getFirst());
                BlobLoader.Plaintext data = size == 0 ? null : loader.load(content.getFirst(), BlobType.DATA,
                        buffers.get());
                for (int i = 0; i < targets.size(); i++) {
                    smallFile(targets.get(i), size, data, done.get(i));
                }
            } catch (IOException e) {
                done.forEach(file -> file.completeExceptionally(new UncheckedIOException(e)));
            } catch (RuntimeException | Error e) {
                // an Error too: a file that is never done would hold the restore forever
                done.forEach(file -> file.completeExceptionally(e));
            }
        }, done));
        batchBytes += targets.getFirst().getValue().size();
        if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
            handOff();
        }
        return done;
    }

    /** Hands the small files gathered so far to a worker; they stay gathered if it cannot. */
    private void handOff() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        inFlight.acquire();
        List<SmallFile> handed = List.copyOf(batch);
        try {
            workers.execute(() -> {
                try {
                    handed.forEach(file -> file.restore().run());
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException refused) {
            inFlight.release();
            throw refused;
        }
        batch.clear();
        batchBytes = 0;
    }

    /** A small file's restore, gathered for a worker, and when each of its names is done. */
    private record SmallFile(Runnable restore, List<CompletableFuture<Void>> done) {}

    /** Creates, writes and finishes one file of {@code data} (null when empty), and completes {@code done}. */
    private void smallFile(Map.Entry<P, Node> target, long size, BlobLoader.Plaintext data,
                           CompletableFuture<Void> done) {
        try {
            RestoreSink.ContentWriter restored = sink.file(target.getKey(), size);
            try {
                if (data != null) {
                    write(restored, data, 0);
                }
                restored.finish(target.getValue());
            } catch (IOException | RuntimeException | Error e) {
                restored.abandon();
                throw e;
            }
            done.complete(null);
        } catch (IOException e) {
            done.completeExceptionally(new UncheckedIOException(e));
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
        }
    }

    private void writeChunk(List<RestoreSink.ContentWriter> files, ChunkId chunk, long position) throws IOException {
        BlobLoader.Plaintext data = loader.load(chunk, BlobType.DATA, buffers.get());
        for (RestoreSink.ContentWriter file : files) {
            write(file, data, position);
        }
    }

    /** One writer per file at a time (RestoredFile): decryption stays parallel. */
    private void write(RestoreSink.ContentWriter file, BlobLoader.Plaintext data, long position) throws IOException {
        offset(data.length());
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
