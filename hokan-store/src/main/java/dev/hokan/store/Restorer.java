package dev.hokan.store;

import dev.hokan.store.pack.BlobType;
import dev.hokan.store.posix.ExtendedAttribute;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.posix.PosixException;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a snapshot, or chosen paths of it, into a target directory. Chunks are fetched and verified in
 * parallel and written in place; nothing is written outside the target: stored names that could escape
 * it are refused, and existing symlinks are never followed.
 */
final class Restorer implements AutoCloseable {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final boolean ROOT = Posix.effectiveUserIsRoot();

    private final BlobLoader loader;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    private final List<FileRestore> files = new ArrayList<>();
    private final List<Map.Entry<Path, Node>> directories = new ArrayList<>();
    /** The first name restored of each hard-linked file, known once its content is complete. */
    private final Map<String, CompletableFuture<Path>> hardLinks = new HashMap<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final ThreadLocal<BlobLoader.Buffers> buffers = ThreadLocal.withInitial(BlobLoader.Buffers::new);
    private final ProgressListener progress;
    private final long totalBytes;
    /** What could not be restored exactly (extended attributes a file system refuses, devices without the right to make them). */
    private final Queue<FileProblem> problems = new ConcurrentLinkedQueue<>();
    private Path target;
    private RestoredFile.Writing writing;
    // Restoring everything into a target found empty, nothing can be in the way: no file needs a look first.
    private boolean nothingInTheWay;
    private long fileCount;
    private final List<String> inconsistent = new ArrayList<>();

    Restorer(BlobLoader loader, ProgressListener progress, long totalBytes) {
        this.loader = loader;
        this.progress = progress;
        this.totalBytes = totalBytes;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("hokan-restore-", 0).factory());
        this.inFlight = new Semaphore(threads * 4);
    }

    RestoreResult restore(Manifest manifest, RestoreRequest request) throws IOException, InterruptedException {
        Instant started = Instant.now();
        target = prepareTarget(request.target(), request.overwrite());
        writing = new RestoredFile.Writing(target);
        nothingInTheWay = !request.overwrite() && request.paths().isEmpty();
        Tree root = loader.tree(manifest.root());
        try {
            if (request.paths().isEmpty()) {
                directory(root, target);
            } else {
                for (String path : request.paths()) {
                    restorePath(root, target, path);
                }
            }
        } catch (IOException | RuntimeException refused) {
            // the refusal is what gets reported, once the files already started are complete or removed
            settleFiles();
            throw refused;
        }
        FilesNotRestoredException notRestored = settleFiles();
        if (notRestored != null) {
            throw notRestored;
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            applyMetadata(directories.get(i).getKey(), directories.get(i).getValue());
        }
        if (request.paths().isEmpty() && root.self() != null) {
            applyMetadata(target, root.self());
        }
        return new RestoreResult(fileCount, bytesWritten.get(), inconsistent, Duration.between(started, Instant.now()),
                List.copyOf(problems));
    }

    private static Path prepareTarget(Path requested, boolean overwrite) throws IOException {
        Path target = requested.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(target)) {
            throw new IOException("restore target " + target + " is a symbolic link");
        }
        if (Files.exists(target)) {
            if (!Files.isDirectory(target, NOFOLLOW)) {
                throw new IOException("restore target " + target + " exists and is not a directory");
            }
            if (!overwrite) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
                    if (entries.iterator().hasNext()) {
                        throw new TargetNotEmptyException(target);
                    }
                }
            }
        } else {
            Files.createDirectories(target);
        }
        return target;
    }

    private void restorePath(Tree root, Path target, String requested) throws IOException, InterruptedException {
        List<String> parts = new ArrayList<>();
        for (String part : requested.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            checkName(part);
            parts.add(part);
        }
        Tree tree = root;
        Path directory = target;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            Node node = tree.find(part).orElseThrow(() -> new IOException("path " + requested + " is not in the recovery point"));
            if (i == parts.size() - 1) {
                entry(node, directory);
            } else if (node.type() == NodeType.DIRECTORY) {
                directory = makeDirectory(FileNames.resolve(directory, part));
                tree = loader.tree(node.subtree());
            } else {
                throw new IOException("path " + requested + " is not in the recovery point");
            }
        }
        if (parts.isEmpty()) {
            directory(root, target);
        }
    }

    private void directory(Tree tree, Path directory) throws IOException, InterruptedException {
        Set<String> seen = new HashSet<>();
        for (Node node : tree.nodes()) {
            checkName(node.name());
            if (!seen.add(node.name())) {
                throw new IOException("refusing a recovery point with two entries named " + node.name() + " in one directory");
            }
            entry(node, directory);
        }
    }

    private void entry(Node node, Path directory) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("restore stopped");
        }
        Path path = FileNames.resolve(directory, node.name());
        switch (node.type()) {
            case DIRECTORY -> {
                makeDirectory(path);
                directories.add(Map.entry(path, node));
                directory(loader.tree(node.subtree()), path);
            }
            case SYMLINK -> {
                removeExisting(path);
                Files.createSymbolicLink(path, linkTarget(node));
                applyOwnership(path, node);
                applyAttributes(path, node);
                setTimes(path, node);
            }
            case FILE -> file(node, path);
            case NAMED_PIPE, CHARACTER_DEVICE, BLOCK_DEVICE -> special(node, path);
        }
    }

    /** Named pipes and devices are made again, as tar does; making a device needs root (CAP_MKNOD). */
    private void special(Node node, Path path) throws IOException {
        removeExisting(path);
        try {
            Posix.makeNode(path, node.type().modeBits() | node.mode(), node.deviceNumber());
        } catch (PosixException refused) {
            problems.add(new FileProblem(relative(path), node.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " not recreated: " + refused.reason()));
            return;
        }
        applyMetadata(path, node);
    }

    private String relative(Path path) {
        String relative = target.relativize(path).toString();
        return relative.isEmpty() ? "." : relative;
    }

    private static Path linkTarget(Node node) throws IOException {
        try {
            return Path.of(node.linkTarget());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IOException("refusing to restore symlink " + node.name() + ": its target is not a valid path");
        }
    }

    private static void checkName(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IOException("refusing to restore an entry named '" + name.replace("\0", "\\0")
                    + "': it could write outside the target directory");
        }
    }

    private Path makeDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path, NOFOLLOW)) {
            removeExisting(path);
            Files.createDirectory(path);
        }
        return path;
    }

    private void removeExisting(Path path) throws IOException {
        if (nothingInTheWay) {
            return;
        }
        if (Files.isDirectory(path, NOFOLLOW)) {
            try (var walk = Files.walk(path)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    private void file(Node node, Path path) throws IOException, InterruptedException {
        fileCount++;
        if (node.inconsistent()) {
            inconsistent.add(target.relativize(path).toString());
        }
        String identity = node.links() > 1 ? node.device() + ":" + node.inode() : null;
        CompletableFuture<Path> firstName = identity == null ? null : hardLinks.get(identity);
        if (firstName != null) {
            // Linked once the first name's content is complete, so no name ever shares a file that failed.
            files.add(new FileRestore(path, firstName.thenAcceptAsync(first -> link(path, first), workers)));
            return;
        }
        CompletableFuture<Void> restored = node.content().size() <= 1 ? smallFile(node, path) : largeFile(node, path);
        files.add(new FileRestore(path, restored));
        if (identity != null) {
            hardLinks.put(identity, restored.thenApply(done -> path));
        }
    }

    private void link(Path path, Path first) {
        try {
            removeExisting(path);
            Files.createLink(path, first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<Void> largeFile(Node node, Path path) throws IOException, InterruptedException {
        removeExisting(path);
        List<ChunkId> chunks = node.content();
        long[] positions = new long[chunks.size() + 1];
        for (int i = 0; i < chunks.size(); i++) {
            positions[i + 1] = positions[i] + loader.sizeOf(chunks.get(i));
        }
        RestoredFile restored = writing.create(path, positions[chunks.size()]);
        List<CompletableFuture<Void>> writes = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            ChunkId chunk = chunks.get(i);
            long position = positions[i];
            inFlight.acquire();
            writes.add(CompletableFuture.runAsync(() -> {
                try {
                    writeChunk(restored, chunk, position);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    inFlight.release();
                }
            }, workers));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            try {
                if (failure == null) {
                    restored.finish();
                    applyMetadata(path, node);
                } else {
                    // never leave a file that looks restored but has holes where chunks failed
                    restored.abandon();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A file of at most one chunk is created, written and finished by one worker: with thousands of small
     * files, creating them on the walking thread alone was the restore's bottleneck (profiled).
     */
    private CompletableFuture<Void> smallFile(Node node, Path path) throws InterruptedException {
        inFlight.acquire();
        return CompletableFuture.runAsync(() -> {
            try {
                removeExisting(path);
                long size = node.content().isEmpty() ? 0 : loader.sizeOf(node.content().getFirst());
                RestoredFile restored = writing.create(path, size);
                try {
                    if (size > 0) {
                        writeChunk(restored, node.content().getFirst(), 0);
                    }
                    restored.finish();
                } catch (IOException e) {
                    restored.abandon();
                    throw e;
                }
                applyMetadata(path, node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                inFlight.release();
            }
        }, workers);
    }

    private void writeChunk(RestoredFile file, ChunkId chunk, long position) throws IOException {
        BlobLoader.Plaintext data = loader.load(chunk, BlobType.DATA, buffers.get());
        offset(data.length());
        // One writer per file at a time (RestoredFile is synchronized): concurrent writes to one file contend
        // on its inode lock, which the kernel spins on (profiled: a fifth of restore CPU). Decryption stays parallel.
        file.write(data.bytes(), data.length(), position);
    }

    private void offset(long written) {
        progress.progress(bytesWritten.addAndGet(written), totalBytes);
    }

    /** Ownership first: changing it clears set-user-ID bits and file capabilities, which the mode and attributes then set. */
    private void applyMetadata(Path path, Node node) throws IOException {
        applyOwnership(path, node);
        if (node.type().special()) {
            // The JDK opens a file to change its mode or times, which for a named pipe waits for a writer.
            Posix.changeMode(path, node.mode());
            applyAttributes(path, node);
            Posix.setModifiedTime(path, node.mtimeNanos());
            return;
        }
        Files.setAttribute(path, "unix:mode", node.mode(), NOFOLLOW);
        applyAttributes(path, node);
        setTimes(path, node);
    }

    /** Extended attributes the target refuses (its file system lacks them, or their size) are reported, not fatal. */
    private void applyAttributes(Path path, Node node) {
        for (ExtendedAttribute attribute : node.attributes()) {
            try {
                Posix.setExtendedAttribute(path, attribute);
            } catch (PosixException refused) {
                problems.add(new FileProblem(relative(path), "extended attribute " + attribute.name() + " not restored: "
                        + refused.reason()));
            }
        }
    }

    private static void applyOwnership(Path path, Node node) {
        if (ROOT) {
            try {
                Files.setAttribute(path, "unix:uid", node.uid(), NOFOLLOW);
                Files.setAttribute(path, "unix:gid", node.gid(), NOFOLLOW);
            } catch (IOException | UnsupportedOperationException ignoredOwnership) {
                // the file system may not support ownership; content and modes still restore
            }
        }
    }

    private static void setTimes(Path path, Node node) throws IOException {
        long nanos = node.mtimeNanos();
        // The JDK cannot set a negative time with a fractional second (it falls back to the epoch): round down.
        long settable = nanos < 0 && nanos % 1_000_000_000L != 0 ? Math.floorDiv(nanos, 1_000_000_000L) * 1_000_000_000L : nanos;
        FileTime mtime = FileTime.from(settable, TimeUnit.NANOSECONDS);
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
    }

    /** A name being restored, and when it is done. */
    private record FileRestore(Path path, CompletableFuture<Void> done) {}

    /**
     * Waits for every file started so far, so that each ends either complete or removed, never with holes
     * under its name; returns what failed, or null.
     */
    private FilesNotRestoredException settleFiles() throws InterruptedException {
        FileRestore first = null;
        IOException firstFailure = null;
        int failed = 0;
        for (FileRestore file : files) {
            try {
                await(file.done());
            } catch (IOException failure) {
                if (failed++ == 0) {
                    first = file;
                    firstFailure = failure;
                }
            }
        }
        return failed == 0 ? null : new FilesNotRestoredException(first.path(), firstFailure, failed);
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
