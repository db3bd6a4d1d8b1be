package dev.hokan.store.blob;

import dev.hokan.store.io.HeldOpen;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.posix.SharedReadFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Blob store on a local file system. A put writes a temporary file next to the target, fsyncs it,
 * renames it into place and fsyncs the directory, so a crash leaves either the old state or the whole
 * new object. Temporary files are named {@code .tmp-<pid>-<random>} and are invisible to {@link #list};
 * {@link #removeAbandonedWrites()} deletes those whose writing process is gone.
 */
public final class LocalBlobStore implements BlobStore {
    private static final String TEMP_PREFIX = ".tmp-";
    private static final int IO_SLICE = 256 * 1024;
    /**
     * Objects of this size and more are packs, or large index objects: nothing reads them again soon, so their pages
     * leave the page cache once synced, rather than evict what the machine's own workload keeps there (and on a VM,
     * where growing the page cache is dear, the next pack reuses them: docs/storage-engine.md, Blob stores).
     */
    static final int BULK = 1024 * 1024;
    /** Blobs include a vault's configuration and sealed keys: readable by the server's user only. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private final Path root;
    private final PlannedFiles plannedFiles = new PlannedFiles();

    public LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        try (BlobWriter writer = create(key)) {
            writer.write(data);
            writer.commit();
        }
    }

    @Override
    public BlobWriter create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = temporaryFor(target);
        return new LocalBlobWriter(FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OWNER_ONLY), temp, target);
    }

    private static final class LocalBlobWriter implements BlobWriter {
        private final FileChannel channel;
        private final Path temp;
        private final Path target;
        private long size;
        private boolean committed;

        LocalBlobWriter(FileChannel channel, Path temp, Path target) {
            this.channel = channel;
            this.temp = temp;
            this.target = target;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            // In slices: the JDK stages I/O through a per-thread native buffer as large as the largest call.
            for (int done = 0; done < length; ) {
                ByteBuffer slice = ByteBuffer.wrap(data, offset + done, Math.min(IO_SLICE, length - done));
                while (slice.hasRemaining()) {
                    done += channel.write(slice);
                }
            }
            size += length;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void commit() throws IOException {
            channel.force(true);
            if (size >= BULK) {
                Posix.dropCachedPages(temp);
            }
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        Path target = resolve(key);
        Path temp = writeTemporary(target, data);
        try {
            // A hard link fails atomically when the name exists, which a rename would overwrite.
            Files.createLink(target, temp);
            syncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path writeTemporary(Path target, byte[] data) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = temporaryFor(target);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OWNER_ONLY)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static Path temporaryFor(Path target) {
        return target.resolveSibling(TEMP_PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(resolve(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(key);
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        byte[] data = new byte[Math.max(0, length)];
        read(key, offset, length, data);
        return data;
    }

    @Override
    public void read(String key, long offset, int length, byte[] into) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // a stopped job's reads stop here, as on a file channel, but without closing a pack others are reading
            throw new InterruptedIOException("interrupted before reading " + key);
        }
        Path file = resolve(key);
        try {
            HeldOpen.Held<SharedReadFile> planned = plannedFiles.acquire(file);
            if (planned == null) {
                try (SharedReadFile opened = SharedReadFile.open(file)) {
                    read(key, opened, offset, length, into);
                }
                return;
            }
            try {
                read(key, planned.value(), offset, length, into);
            } finally {
                plannedFiles.release(planned);
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(key);
        }
    }

    private static void read(String key, SharedReadFile file, long offset, int length, byte[] into) throws IOException {
        if (offset < 0 || length < 0 || offset + length > file.size()) {
            throw new IOException("range " + offset + "+" + length + " is outside " + key + " (" + file.size() + " bytes)");
        }
        file.read(offset, into, 0, length);
    }

    /** Keeps the announced objects open until the plan ends, rather than opening them again for every read. */
    @Override
    public ReadPlan plan(List<BlobRange> reads) {
        return plannedFiles.announce(reads.stream().map(BlobRange::key).distinct().map(this::resolve).toList());
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<BlobInfo> result = new ArrayList<>();
        walkFiles(start, (file, attributes) -> {
            String key = keyOf(file);
            if (!file.getFileName().toString().startsWith(TEMP_PREFIX) && key.startsWith(prefix)) {
                result.add(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        });
        return result;
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        Path directory = directoryOf(prefix);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> !name.startsWith(TEMP_PREFIX)).toList();
        }
    }

    /** Removes the whole directory of a prefix that names one, temporaries included. */
    @Override
    public void deleteAll(String prefix) throws IOException {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            BlobStore.super.deleteAll(prefix);
            return;
        }
        Path directory = directoryOf(prefix);
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Path directoryOf(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("not a directory prefix: " + prefix);
        }
        return prefix.isEmpty() ? root : resolve(prefix.substring(0, prefix.length() - 1));
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = resolve(key);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            syncDirectory(file.getParent());
        }
        return deleted;
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(resolve(key), BasicFileAttributes.class);
            return Optional.of(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Deletes temporary files left by processes that died while writing; returns how many. */
    @Override
    public int removeAbandonedWrites() throws IOException {
        int[] removed = {0};
        walkFiles(root, (file, attributes) -> {
            String name = file.getFileName().toString();
            if (name.startsWith(TEMP_PREFIX) && !writerAlive(name) && Files.deleteIfExists(file)) {
                removed[0]++;
            }
        });
        return removed[0];
    }

    private interface FileVisit {
        void visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Visits the regular files under a directory while other threads create, rename and delete objects in
     * it: an entry that vanishes between being listed and being looked at is skipped, not fatal.
     */
    private static void walkFiles(Path start, FileVisit visit) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    visit.visit(file, attributes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
    }

    private static boolean writerAlive(String temporaryName) {
        String rest = temporaryName.substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Path resolve(String key) {
        return root.resolve(BlobKeys.requireValid(key));
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
