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
        try (ReadPlan plan = loader.plan(found.stream().flatMap(file -> file.getValue().content().stream()).toList())) {
            try {
                complete = new boolean[found.size()];
                for (int i = 0; i < found.size(); i++) {
                    file(i, found.get(i).getValue(), found.get(i).getKey());
                }
            } catch (IOException | RuntimeException | InterruptedException refused) {
                // the refusal (or the stop) is what gets reported, once the files already started are complete or
                // removed
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
        if (firstName != null) {
            // Linked once the first name's content is complete, so no name ever shares a file that failed; linked
            // again when resumed, since the first name may have been restored anew.
            restored = firstName.thenAcceptAsync(first -> link(place, first), workers);
        } else if (keptFromEarlierRun(index, node, place)) {
            restored = CompletableFuture.completedFuture(null);
        } else {
            restored = node.content().size() <= 1 ? smallFile(node, place) : largeFile(node, place);
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

    private CompletableFuture<Void> largeFile(Node node, P place) throws IOException, InterruptedException {
        List<ChunkId> chunks = node.content();
        long[] positions = new long[chunks.size() + 1];
        for (int i = 0; i < chunks.size(); i++) {
            positions[i + 1] = positions[i] + loader.sizeOf(chunks.get(i));
        }
        RestoreSink.ContentWriter restored = sink.file(place, positions[chunks.size()]);
        List<CompletableFuture<Void>> writes = new ArrayList<>(chunks.size());
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        try {
            for (int i = 0; i < chunks.size(); i++) {
                ChunkId chunk = chunks.get(i);
                long position = positions[i];
                Runnable write = () -> {
                    try {
                        writeChunk(restored, chunk, position);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                inFlight.acquire();
                // In order, a chunk is written after the one before it; after a failed one, the later ones never run.
                CompletableFuture<Void> written = restored.inOrder() ? previous.thenRunAsync(write, workers)
                        : CompletableFuture.runAsync(write, workers);
                written.whenComplete((ok, failure) -> inFlight.release());
                writes.add(written);
                previous = written;
            }
        } catch (InterruptedException | RuntimeException stopped) {
            // the file's other chunks never come: it goes once the writes already handed out are done
            files.add(new FileRestore<>(place, allOf(writes).handle((ok, failure) -> {
                abandon(restored);
                return null;
            })));
            throw stopped;
        }
        return allOf(writes).whenComplete((ok, failure) -> {
            if (failure != null) {
                // never leave a file that looks restored but has holes where chunks failed
                abandon(restored);
                return;
            }
            try {
                restored.finish(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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
