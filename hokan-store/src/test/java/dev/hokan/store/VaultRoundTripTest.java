package dev.hokan.store;

import static dev.hokan.store.TestFiles.NOFOLLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles.Entry;
import dev.hokan.store.TestFiles.Kind;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.BackupStats;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.verify.VerifyReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style round trips: random trees with every kind of entry and metadata, random edits between
 * incremental backups, and every snapshot restored and compared with the source as it was backed up.
 */
class VaultRoundTripTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;
    private static final String[] NAMES = {
        "a", "b", "data.bin", "notes.txt", "Space Name", ".hidden", "-dash", "ünïcödé", "日本語", "back\\slash",
        "x".repeat(200), "semi;colon", "quote'\"", "tab\tname", "nl\nname", "z", "UPPER", "42"
    };
    private static final int[] FILE_MODES = {0600, 0644, 0755, 0444, 0400, 0700, 0640, 04755, 02711, 0};
    private static final int[] DIR_MODES = {0755, 0700, 0555, 0750, 02775, 01777, 0711};
    private static final long PAST_START = Instant.parse("1995-01-01T00:00:00Z").getEpochSecond();
    private static final long PAST_END = Instant.parse("2024-12-31T00:00:00Z").getEpochSecond();

    @TempDir
    Path dir;

    @AfterEach
    void removeSymlinks() throws IOException {
        TestFiles.removeSymlinks(dir);
    }

    /** Builds random trees and edits them; remembers what it made so it can pick things to change. */
    static final class Generator {
        final Random random;
        final Path root;
        int counter;

        Generator(Random random, Path root) {
            this.random = random;
            this.root = root;
        }

        long pastNanos() {
            long seconds = PAST_START + (long) (random.nextDouble() * (PAST_END - PAST_START));
            return seconds * 1_000_000_000L + random.nextInt(1_000_000_000);
        }

        String name() {
            return NAMES[random.nextInt(NAMES.length)] + "-" + (counter++);
        }

        byte[] content(int size) {
            byte[] data = new byte[size];
            if (random.nextBoolean()) {
                random.nextBytes(data);
            } else {
                // compressible text-like content
                byte[] words = "lorem ipsum dolor sit amet hokan backup vault chunk ".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < size; i++) {
                    data[i] = random.nextInt(50) == 0 ? (byte) random.nextInt(256) : words[(i * 7 + i / 13) % words.length];
                }
            }
            return data;
        }

        int fileSize() {
            int pick = random.nextInt(10);
            if (pick < 2) {
                return 0;
            }
            if (pick < 7) {
                return random.nextInt(16 * KIB);
            }
            if (pick < 9) {
                return 200 * KIB + random.nextInt(MIB);
            }
            return 2 * MIB + random.nextInt(MIB);
        }

        void generate() throws IOException {
            Files.createDirectories(root);
            directory(root, 0);
            // always some depth, an empty directory and a symlink, whatever the dice say
            Path nested = Files.createDirectories(root.resolve("nested-" + (counter++)).resolve(name()).resolve(name()));
            directory(nested, 2);
            Files.write(nested.resolve(name()), content(fileSize()));
            Files.createDirectories(root.resolve("empty-" + (counter++)));
            Files.createDirectories(nested.resolve("empty-" + (counter++)));
            symlink(nested.resolve(name()));
            // one file spanning several chunks (default chunking: 256 KiB / 1 MiB / 4 MiB)
            Path big = root.resolve("big-" + (counter++));
            Files.write(big, content(5 * MIB + random.nextInt(3 * MIB)));
            if (random.nextBoolean()) {
                Files.copy(big, root.resolve("big-duplicate-" + (counter++)));
            }
            applyRandomMetadata();
        }

        private void directory(Path directory, int depth) throws IOException {
            int entries = random.nextInt(depth == 0 ? 8 : 6) + (depth == 0 ? 3 : 0);
            for (int i = 0; i < entries; i++) {
                Path path = directory.resolve(name());
                int kind = random.nextInt(10);
                if (kind < 5) {
                    Files.write(path, content(fileSize()));
                } else if (kind < 7 && depth < 3) {
                    Files.createDirectory(path);
                    directory(path, depth + 1);
                } else if (kind < 9) {
                    symlink(path);
                } else {
                    duplicateOrHardLink(path);
                }
            }
        }

        void symlink(Path path) throws IOException {
            String target = switch (random.nextInt(5)) {
                case 0 -> "../" + name();
                case 1 -> "/etc/hostname";
                case 2 -> "/nonexistent/dangling/" + name();
                case 3 -> "missing-" + name();
                default -> randomExisting(Kind.FILE).map(p -> root.relativize(p).toString()).orElse("self");
            };
            Files.createSymbolicLink(path, Path.of(target));
        }

        void duplicateOrHardLink(Path path) throws IOException {
            var existing = randomExisting(Kind.FILE);
            if (existing.isEmpty()) {
                Files.write(path, content(fileSize()));
            } else if (random.nextBoolean()) {
                Files.createLink(path, existing.get());
            } else {
                Files.copy(existing.get(), path);
            }
        }

        List<Path> all(Kind kind) throws IOException {
            try (Stream<Path> walk = Files.walk(root)) {
                return walk.filter(p -> !p.equals(root)).filter(p -> switch (kind) {
                    case FILE -> Files.isRegularFile(p, NOFOLLOW);
                    case DIRECTORY -> Files.isDirectory(p, NOFOLLOW);
                    case SYMLINK -> Files.isSymbolicLink(p);
                    case SPECIAL, OTHER -> true;
                }).sorted().toList();
            }
        }

        java.util.Optional<Path> randomExisting(Kind kind) throws IOException {
            List<Path> candidates = all(kind);
            return candidates.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(candidates.get(random.nextInt(candidates.size())));
        }

        Path randomDirectory() throws IOException {
            List<Path> dirs = new ArrayList<>(all(Kind.DIRECTORY));
            dirs.add(root);
            return dirs.get(random.nextInt(dirs.size()));
        }

        /** Owners, modes and times for everything; directories last and deepest first so their mtimes stick. */
        void applyRandomMetadata() throws IOException {
            for (Path file : all(Kind.FILE)) {
                metadata(file, FILE_MODES);
            }
            for (Path link : all(Kind.SYMLINK)) {
                TestFiles.setMtime(link, pastNanos());
            }
            List<Path> dirs = new ArrayList<>(all(Kind.DIRECTORY));
            dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path d : dirs) {
                metadata(d, DIR_MODES);
            }
        }

        private void metadata(Path path, int[] modes) throws IOException {
            if (random.nextInt(4) == 0) {
                Files.setAttribute(path, "unix:uid", 1000 + random.nextInt(5000), NOFOLLOW);
                Files.setAttribute(path, "unix:gid", 1000 + random.nextInt(5000), NOFOLLOW);
            }
            Files.setAttribute(path, "unix:mode", modes[random.nextInt(modes.length)], NOFOLLOW);
            TestFiles.setMtime(path, pastNanos());
        }

        /** A handful of random changes of every kind. */
        void edit() throws IOException {
            int edits = 3 + random.nextInt(6);
            for (int i = 0; i < edits; i++) {
                switch (random.nextInt(12)) {
                    case 0 -> modifyMiddle();
                    case 1 -> append();
                    case 2 -> truncate();
                    case 3 -> delete();
                    case 4 -> add();
                    case 5 -> rename();
                    case 6 -> chmod();
                    case 7 -> touch();
                    case 8 -> replaceFileWithDirectory();
                    case 9 -> hardLink();
                    case 10 -> editBigFile();
                    default -> retargetSymlink();
                }
            }
        }

        private void modifyMiddle() throws IOException {
            var file = randomExisting(Kind.FILE);
            if (file.isEmpty() || Files.size(file.get()) == 0) {
                return;
            }
            long size = Files.size(file.get());
            try (FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.WRITE)) {
                byte[] patch = new byte[(int) Math.min(size, 1 + random.nextInt(16))];
                random.nextBytes(patch);
                channel.write(ByteBuffer.wrap(patch), (size - patch.length) / 2);
            }
        }

        private void append() throws IOException {
            var file = randomExisting(Kind.FILE);
            if (file.isPresent()) {
                Files.write(file.get(), content(random.nextInt(300 * KIB)), StandardOpenOption.APPEND);
            }
        }

        private void truncate() throws IOException {
            var file = randomExisting(Kind.FILE);
            if (file.isPresent()) {
                long size = Files.size(file.get());
                try (FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.WRITE)) {
                    channel.truncate(size == 0 ? 0 : random.nextLong(size));
                }
            }
        }

        private void delete() throws IOException {
            var victim = random.nextInt(5) == 0 ? randomExisting(Kind.DIRECTORY) : randomExisting(Kind.OTHER);
            if (victim.isEmpty()) {
                return;
            }
            if (Files.isDirectory(victim.get(), NOFOLLOW)) {
                try (Stream<Path> walk = Files.walk(victim.get())) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.delete(victim.get());
            }
        }

        private void add() throws IOException {
            Path path = randomDirectory().resolve(name());
            if (random.nextInt(4) == 0) {
                Files.createDirectory(path);
            } else {
                Files.write(path, content(fileSize()));
                TestFiles.setMtime(path, pastNanos());
            }
        }

        private void rename() throws IOException {
            var from = random.nextBoolean() ? randomExisting(Kind.FILE) : randomExisting(Kind.SYMLINK);
            if (from.isPresent()) {
                Path to = randomDirectory().resolve(name());
                if (!to.startsWith(from.get())) {
                    Files.move(from.get(), to, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }

        private void chmod() throws IOException {
            var path = random.nextBoolean() ? randomExisting(Kind.FILE) : randomExisting(Kind.DIRECTORY);
            if (path.isPresent()) {
                int[] modes = Files.isDirectory(path.get(), NOFOLLOW) ? DIR_MODES : FILE_MODES;
                Files.setAttribute(path.get(), "unix:mode", modes[random.nextInt(modes.length)], NOFOLLOW);
            }
        }

        private void touch() throws IOException {
            var path = randomExisting(Kind.OTHER);
            if (path.isPresent()) {
                TestFiles.setMtime(path.get(), pastNanos());
            }
        }

        private void replaceFileWithDirectory() throws IOException {
            var file = randomExisting(Kind.FILE);
            if (file.isPresent()) {
                Files.delete(file.get());
                Files.createDirectory(file.get());
                Files.write(file.get().resolve(name()), content(random.nextInt(4 * KIB)));
            }
        }

        private void hardLink() throws IOException {
            var file = randomExisting(Kind.FILE);
            if (file.isPresent()) {
                Files.createLink(randomDirectory().resolve(name()), file.get());
            }
        }

        private void editBigFile() throws IOException {
            List<Path> big = all(Kind.FILE).stream().filter(p -> {
                try {
                    return Files.size(p) > 2 * MIB;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
            if (!big.isEmpty()) {
                Path file = big.get(random.nextInt(big.size()));
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(new byte[] {(byte) random.nextInt()}), random.nextLong(Files.size(file)));
                }
            }
        }

        private void retargetSymlink() throws IOException {
            var link = randomExisting(Kind.SYMLINK);
            if (link.isPresent()) {
                Files.delete(link.get());
                symlink(link.get());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomTreesSurviveIncrementalBackupsAndRestores(long seed) throws Exception {
        MasterKey key = MasterKey.generate();
        Path source = dir.resolve("source");
        Generator generator = new Generator(new Random(seed), source);
        generator.generate();
        List<String> snapshots = new ArrayList<>();
        List<Map<String, Entry>> states = new ArrayList<>();
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            for (int round = 0; round < 3; round++) {
                if (round > 0) {
                    generator.edit();
                }
                Map<String, Entry> state = TestFiles.capture(source);
                BackupResult result = TestFiles.backup(vault, source);
                assertEquals(SnapshotStatus.COMPLETE, result.status(), "seed " + seed + " round " + round + ": " + result.problems());
                assertEquals(List.of(), result.problems());
                assertEquals(List.of(), result.skipped());
                long files = state.values().stream().filter(e -> e.kind() == Kind.FILE).count();
                long bytes = state.values().stream().filter(e -> e.kind() == Kind.FILE).mapToLong(Entry::size).sum();
                assertEquals(files, result.stats().filesScanned(), "files scanned");
                assertEquals(bytes, result.stats().bytesScanned(), "bytes scanned");
                SnapshotInfo info = vault.snapshot(result.snapshotId());
                assertEquals(SnapshotStatus.COMPLETE, info.status());
                assertEquals(files, info.fileCount());
                assertEquals(bytes, info.totalBytes());
                snapshots.add(result.snapshotId());
                states.add(state);

                if (round == 0) {
                    // nothing changed: nothing is read and nothing new is stored
                    BackupResult again = TestFiles.backup(vault, source);
                    assertEquals(0, again.stats().newChunks(), "an unchanged backup must store nothing new");
                    assertEquals(0, again.stats().newBytes());
                    assertEquals(files, again.stats().filesUnchanged(), "every file must be recognised as unchanged");
                    assertNotEquals(result.snapshotId(), again.snapshotId());
                    assertEquals(state, TestFiles.capture(source), "a backup must not change its source");
                    snapshots.add(again.snapshotId());
                    states.add(state);
                }
            }
            assertEquals(snapshots.size(), vault.snapshots().size());
            for (int i = 0; i < snapshots.size(); i++) {
                Path target = dir.resolve("restore-" + i);
                RestoreResult restored = vault.restore(new RestoreRequest(snapshots.get(i), RestoreSink.directory(target)));
                TestFiles.assertSameTree(states.get(i), TestFiles.capture(target), "seed " + seed + " snapshot " + i);
                long files = states.get(i).values().stream().filter(e -> e.kind() == Kind.FILE).count();
                assertEquals(files, restored.files(), "restored file count");
            }
            VerifyReport report = vault.verify(true);
            assertTrue(report.ok(), "verify: " + report);
        }
        // everything is in the vault, nothing in the cache that matters: a fresh cache restores too
        try (Vault reopened = Vault.open(new dev.hokan.store.blob.LocalBlobStore(dir.resolve("vault")), key, dir.resolve("other-cache"))) {
            Path target = dir.resolve("restore-fresh-cache");
            TestFiles.restore(reopened, snapshots.getLast(), target);
            TestFiles.assertSameTree(states.getLast(), TestFiles.capture(target), "seed " + seed + " with a fresh cache");
        }
    }

    @Test
    void oneByteEditInABigFileStoresOnlyAFewChunks() throws Exception {
        Path source = dir.resolve("source");
        Path big = source.resolve("sub/big.bin");
        Files.createDirectories(big.getParent());
        byte[] data = new byte[16 * MIB];
        new Random(7).nextBytes(data);
        Files.write(big, data);
        Files.writeString(source.resolve("small.txt"), "unchanged");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult first = TestFiles.backup(vault, source);
            assertTrue(first.stats().newChunks() >= 5, "16 MiB should be several chunks: " + first.stats());

            data[data.length / 2] ^= 1;
            try (FileChannel channel = FileChannel.open(big, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(data, data.length / 2, 1), data.length / 2);
            }
            BackupResult second = TestFiles.backup(vault, source);
            BackupStats stats = second.stats();
            // the chunk holding the byte (and, if the byte moved a boundary, its neighbour; boundaries depend on
            // the vault's random chunker seed), plus the trees of sub/ and the root
            assertTrue(stats.newChunks() >= 3 && stats.newChunks() <= 5, "new chunks: " + stats);
            assertTrue(stats.newBytes() <= 3L * 4 * MIB, "new bytes: " + stats);
            assertEquals(1, stats.filesUnchanged());
            assertEquals(2, stats.filesScanned());

            Path target = dir.resolve("restore");
            TestFiles.restore(vault, second.snapshotId(), target);
            assertEquals(TestFiles.sha256(big), TestFiles.sha256(target.resolve("sub/big.bin")));
            Path older = dir.resolve("restore-older");
            TestFiles.restore(vault, first.snapshotId(), older);
            data[data.length / 2] ^= 1;
            assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(older.resolve("sub/big.bin"))));
        }
    }

    @Test
    void restoreOfChosenPathsRestoresOnlyThose() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("docs/letters/old"));
        Files.createDirectories(source.resolve("photos/2024"));
        Files.createDirectories(source.resolve("empty"));
        Files.writeString(source.resolve("docs/letters/a.txt"), "letter a");
        Files.writeString(source.resolve("docs/letters/old/b.txt"), "letter b");
        Files.writeString(source.resolve("docs/readme"), "readme");
        Files.write(source.resolve("photos/2024/p1.jpg"), new byte[300 * KIB]);
        Files.writeString(source.resolve("top.txt"), "top");
        Files.createSymbolicLink(source.resolve("link"), Path.of("docs/readme"));
        Map<String, Entry> state = TestFiles.capture(source);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();

            Path target = dir.resolve("partial");
            RestoreResult result = vault.restore(new RestoreRequest(id, RestoreSink.directory(target),
                    List.of("docs/letters", "top.txt", "link", "photos/2024/p1.jpg"), ProgressListener.NONE));
            Map<String, Entry> restored = TestFiles.capture(target);
            assertEquals(java.util.Set.of("docs", "docs/letters", "docs/letters/a.txt", "docs/letters/old",
                    "docs/letters/old/b.txt", "top.txt", "link", "photos", "photos/2024", "photos/2024/p1.jpg"), restored.keySet());
            assertEquals(4, result.files());
            for (String path : List.of("docs/letters", "docs/letters/a.txt", "docs/letters/old", "docs/letters/old/b.txt",
                    "top.txt", "link", "photos/2024/p1.jpg")) {
                assertEquals(state.get(path).describe(), restored.get(path).describe(), path);
            }

            Path single = dir.resolve("single");
            vault.restore(new RestoreRequest(id, RestoreSink.directory(single), List.of("./docs//readme"), ProgressListener.NONE));
            assertEquals(java.util.Set.of("docs", "docs/readme"), TestFiles.capture(single).keySet());
            assertEquals("readme", Files.readString(single.resolve("docs/readme")));

            Path emptyDir = dir.resolve("empty-dir");
            vault.restore(new RestoreRequest(id, RestoreSink.directory(emptyDir), List.of("empty"), ProgressListener.NONE));
            assertEquals(java.util.Set.of("empty"), TestFiles.capture(emptyDir).keySet());

            Path missing = dir.resolve("missing");
            assertThrows(IOException.class, () -> vault.restore(
                    new RestoreRequest(id, RestoreSink.directory(missing), List.of("docs/nope.txt"), ProgressListener.NONE)));
            assertThrows(IOException.class, () -> vault.restore(
                    new RestoreRequest(id, RestoreSink.directory(dir.resolve("through-file")), List.of("top.txt/x"), ProgressListener.NONE)));
            assertThrows(IOException.class, () -> vault.restore(
                    new RestoreRequest(id, RestoreSink.directory(dir.resolve("through-link")), List.of("link/x"), ProgressListener.NONE)));
            assertThrows(IOException.class, () -> vault.restore(
                    new RestoreRequest(id, RestoreSink.directory(dir.resolve("dotdot")), List.of("docs/../../etc"), ProgressListener.NONE)));
            assertFalse(Files.exists(dir.resolve("etc")));
        }
    }

    @Test
    void snapshotsRecordRequestAndUnknownIdsAreReported() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Files.writeString(source.resolve("f"), "x");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = vault.backup(new BackupRequest(BackupSource.directory(source), "db-1", Map.of("env", "prod"), ProgressListener.NONE));
            SnapshotInfo info = vault.snapshot(result.snapshotId());
            assertEquals("db-1", info.resource());
            assertEquals(Map.of("env", "prod"), info.tags());
            assertEquals(1, info.fileCount());
            assertEquals(1, info.totalBytes());
            assertThrows(NoSuchSnapshotException.class, () -> vault.snapshot("0123456789abcdef0123456789abcdef"));
            assertThrows(NoSuchSnapshotException.class, () -> vault.snapshot("not-an-id"));
            assertThrows(NoSuchSnapshotException.class, () -> vault.restore(new RestoreRequest("0123456789abcdef0123456789abcdef", RestoreSink.directory(dir.resolve("t")))));
            assertThrows(NoSuchSnapshotException.class, () -> vault.deleteSnapshot("0123456789abcdef0123456789abcdef"));
            vault.deleteSnapshot(result.snapshotId());
            assertEquals(List.of(), vault.snapshots());
            assertThrows(IOException.class, () -> vault.backup(new BackupRequest(BackupSource.directory(source.resolve("f")), "db-1")));
            assertThrows(IOException.class, () -> vault.backup(new BackupRequest(BackupSource.directory(dir.resolve("absent")), "db-1")));
        }
    }

    @Test
    void storedBlobsCountEachChunkOnceAsTheBackupsStoredIt() throws Exception {
        Path source = dir.resolve("usage");
        Files.createDirectories(source);
        byte[] text = new byte[3 * MIB];
        Random random = new Random(19);
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(4));
        }
        Files.write(source.resolve("a.txt"), text);
        Files.write(source.resolve("copy-of-a.txt"), text);
        try (Vault vault = TestFiles.createVault(dir, "usage-vault", MasterKey.generate())) {
            BackupStats first = vault.backup(new BackupRequest(BackupSource.directory(source), "r")).stats();
            Files.write(source.resolve("b.txt"), text, StandardOpenOption.CREATE_NEW);
            Files.write(source.resolve("new.txt"), "something new".getBytes(StandardCharsets.UTF_8));
            BackupStats second = vault.backup(new BackupRequest(BackupSource.directory(source), "r")).stats();

            StoredBlobs stored = vault.storedBlobs();
            assertEquals(first.newChunks() + second.newChunks(), stored.blobs());
            assertEquals(first.newBytes() + second.newBytes(), stored.rawBytes());
            assertEquals(first.storedBytes() + second.storedBytes(), stored.storedBytes());
            assertEquals(5L * text.length + 13, first.bytesScanned() + second.bytesScanned());
            assertTrue(stored.rawBytes() < text.length + 64 * KIB, "three copies of a file are kept once: " + stored);
            assertTrue(stored.storedBytes() < stored.rawBytes() * 6 / 10, "two bits a byte compress: " + stored);
        }
    }

    /**
     * More subdirectories in one directory than a backup reads ahead of its parent's trees, and more small files than
     * one chunk buffer gathers: every file is found unchanged, and each snapshot restores as its source was.
     */
    @Test
    void manySubdirectoriesAndSmallFilesAreFoundUnchangedAndRestored() throws Exception {
        Path source = dir.resolve("source");
        Random random = new Random(11);
        for (int d = 0; d < 40; d++) {
            Path sub = source.resolve(String.format("dir-%02d", d));
            Files.createDirectories(sub.resolve("deeper"));
            for (int f = 0; f < 5; f++) {
                byte[] data = new byte[random.nextInt(100 * KIB)];
                random.nextBytes(data);
                Files.write(sub.resolve("file-" + f), data);
            }
            Files.writeString(sub.resolve("deeper/leaf.txt"), "leaf " + d);
        }
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            Map<String, Entry> before = TestFiles.capture(source);
            BackupResult first = TestFiles.backup(vault, source);
            BackupResult again = TestFiles.backup(vault, source);
            assertEquals(240, again.stats().filesUnchanged(), "every file is found in its parent");
            assertEquals(0, again.stats().newChunks());

            // a directory the parent lists becomes a file, another one goes
            try (Stream<Path> walk = Files.walk(source.resolve("dir-05"))) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Files.writeString(source.resolve("dir-05"), "now a file");
            try (Stream<Path> walk = Files.walk(source.resolve("dir-31"))) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Map<String, Entry> after = TestFiles.capture(source);
            BackupResult third = TestFiles.backup(vault, source);
            assertEquals(228, third.stats().filesUnchanged());
            assertEquals(229, third.stats().filesScanned());

            TestFiles.assertSameTree(before, TestFiles.capture(TestFiles.restore(vault, first.snapshotId(), dir.resolve("r1"))), "first");
            TestFiles.assertSameTree(after, TestFiles.capture(TestFiles.restore(vault, third.snapshotId(), dir.resolve("r3"))), "third");
        }
    }
}
