package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test helpers: capture a directory's content and metadata, compare two captures, make vaults. */
public final class TestFiles {
    static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private TestFiles() {
    }

    /** {@code SPECIAL}: a named pipe or a device, which a restore makes again; {@code OTHER}: a socket, which it cannot. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, SPECIAL, OTHER }

    /** One path as found on disk. {@code inode} is only used to compare hard-link groups. */
    public record Entry(Kind kind, int mode, int uid, int gid, long mtimeNanos, long size, String content, String linkTarget,
                 long inode) {
        /** Everything that a faithful restore must reproduce. */
        String describe() {
            return switch (kind) {
                case FILE -> "file mode=%o uid=%d gid=%d mtime=%d size=%d sha=%s".formatted(mode, uid, gid, mtimeNanos, size, content);
                case DIRECTORY -> "dir mode=%o uid=%d gid=%d mtime=%d".formatted(mode, uid, gid, mtimeNanos);
                case SYMLINK -> "symlink -> %s mtime=%d".formatted(linkTarget, mtimeNanos);
                case SPECIAL -> "special %s mode=%o uid=%d gid=%d mtime=%d".formatted(content, mode, uid, gid, mtimeNanos);
                case OTHER -> "socket";
            };
        }
    }

    /** Every path under {@code root} (not root itself), relative with '/' separators. */
    public static Map<String, Entry> capture(Path root) throws IOException {
        Map<String, Entry> result = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).toList();
        }
        for (Path path : paths) {
            Map<String, Object> a = Files.readAttributes(path, "unix:*", NOFOLLOW);
            Kind kind = (Boolean) a.get("isDirectory") ? Kind.DIRECTORY
                    : (Boolean) a.get("isSymbolicLink") ? Kind.SYMLINK
                    : (Boolean) a.get("isRegularFile") ? Kind.FILE
                    : ((Integer) a.get("mode") & 0170000) == 0140000 ? Kind.OTHER : Kind.SPECIAL;
            long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
            String content = kind == Kind.FILE ? sha256(path)
                    : kind == Kind.SPECIAL ? "type=%o rdev=%d".formatted((Integer) a.get("mode") & 0170000, (Long) a.get("rdev")) : null;
            String link = kind == Kind.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
            result.put(relative(root, path), new Entry(kind, (Integer) a.get("mode") & 07777, (Integer) a.get("uid"),
                    (Integer) a.get("gid"), mtime, (Long) a.get("size"), content, link, (Long) a.get("ino")));
        }
        return result;
    }

    static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only sockets are left out: a backup skips them. */
    static Map<String, Entry> withoutSockets(Map<String, Entry> state) {
        Map<String, Entry> result = new TreeMap<>(state);
        result.values().removeIf(e -> e.kind() == Kind.OTHER);
        return result;
    }

    /**
     * Asserts that {@code actual} (a restore) reproduces {@code expected} (the source when it was backed up):
     * the same paths, types, content, modes, owners, mtimes, symlink targets, and hard-link groups.
     */
    public static void assertSameTree(Map<String, Entry> expected, Map<String, Entry> actual, String context) {
        expected = withoutSockets(expected);
        if (!expected.keySet().equals(actual.keySet())) {
            Set<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(actual.keySet());
            Set<String> extra = new TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            fail(context + ": restored paths differ; missing " + missing + ", unexpected " + extra);
        }
        List<String> differences = new ArrayList<>();
        for (var entry : expected.entrySet()) {
            String want = entry.getValue().describe();
            String got = actual.get(entry.getKey()).describe();
            if (!want.equals(got)) {
                differences.add(entry.getKey() + ":\n    expected " + want + "\n    restored " + got);
            }
        }
        if (!differences.isEmpty()) {
            fail(context + ": " + differences.size() + " paths differ:\n  " + String.join("\n  ", differences));
        }
        assertEquals(linkGroups(expected), linkGroups(actual), context + ": hard-link groups differ");
    }

    /** Sets of paths that share an inode, for regular files. */
    static Set<Set<String>> linkGroups(Map<String, Entry> state) {
        Map<Long, Set<String>> byInode = new HashMap<>();
        state.forEach((path, e) -> {
            if (e.kind() == Kind.FILE) {
                byInode.computeIfAbsent(e.inode(), i -> new TreeSet<>()).add(path);
            }
        });
        Set<Set<String>> groups = new java.util.HashSet<>();
        byInode.values().stream().filter(g -> g.size() > 1).forEach(groups::add);
        return groups;
    }

    static void setMtime(Path path, long nanos) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
                .setTimes(FileTime.from(nanos, TimeUnit.NANOSECONDS), null, null);
    }

    /** Bytes the file system allocated to the file ({@code stat}'s 512-byte blocks): small for a sparse file. */
    public static long allocatedBytes(Path file) throws IOException, InterruptedException {
        return Long.parseLong(run("stat", "-c", "%b", file.toString()).trim()) * 512;
    }

    /**
     * The extended attributes of {@code path} (not following a symlink) as the kernel reports them to Python, not
     * through Hokan's own calls: sorted {@code name=hex value} lines.
     */
    static String extendedAttributes(Path path) throws IOException, InterruptedException {
        return run("python3", "-c", "import os,sys; p=sys.argv[1]; [print(n + '=' + os.getxattr(p, n, follow_symlinks=False).hex())"
                + " for n in sorted(os.listxattr(p, follow_symlinks=False))]", path.toString());
    }

    static void setExtendedAttribute(Path path, String name, byte[] value) throws IOException, InterruptedException {
        run("python3", "-c", "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), follow_symlinks=False)",
                path.toString(), name, HexFormat.of().formatHex(value));
    }

    /** Runs a command and returns its output; fails unless it succeeds. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes every symlink under {@code dir}, so that JUnit's clean-up has nothing to warn about. */
    static void removeSymlinks(Path dir) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static Vault createVault(Path base, String name, MasterKey key) throws IOException {
        return Vault.create(new LocalBlobStore(base.resolve(name)), key, base.resolve(name + "-cache"));
    }

    static Vault openVault(Path base, String name, MasterKey key) throws IOException {
        return Vault.open(new LocalBlobStore(base.resolve(name)), key, base.resolve(name + "-cache"));
    }

    public static BackupResult backup(Vault vault, Path source) throws IOException, InterruptedException {
        return vault.backup(new BackupRequest(BackupSource.directory(source), "test-resource"));
    }

    public static Path restore(Vault vault, String snapshotId, Path target) throws IOException, InterruptedException {
        vault.restore(new RestoreRequest(snapshotId, RestoreSink.directory(target)));
        return target;
    }
}
