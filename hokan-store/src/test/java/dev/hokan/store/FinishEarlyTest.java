package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles.Entry;
import dev.hokan.store.TestFiles.Kind;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.FinishSignal;
import dev.hokan.store.backup.NotReached;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.snapshot.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup asked to finish early keeps what it stored as a PARTIAL snapshot: exactly the prefix of the source,
 * in the walk's name order, that it reached. The finish is requested from the progress listener once a part of
 * the data is stored; the archiver's read-ahead is bounded by its pool of chunk buffers, so the walk is then
 * far from its end.
 */
class FinishEarlyTest {
    private static final int MIB = 1024 * 1024;
    private static final String REASON = "the test's deadline passed";

    @TempDir
    Path dir;

    /** 3000 files of up to 40 KB in nested directories, a dozen of them of several chunks. */
    private static long writeLargeTree(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        long total = 0;
        for (int d = 0; d < 12; d++) {
            for (int s = 0; s < 5; s++) {
                Path directory = Files.createDirectories(root.resolve("dir-" + d).resolve("sub-" + s));
                for (int f = 0; f < 50; f++) {
                    byte[] content = new byte[f == 7 && s == 0 ? 2 * MIB + random.nextInt(MIB) : random.nextInt(40_000)];
                    random.nextBytes(content);
                    Files.write(directory.resolve("file-" + f), content);
                    total += content.length;
                }
            }
            Files.createDirectories(root.resolve("dir-" + d).resolve("empty"));
        }
        return total;
    }

    private static BackupResult backupFinishingAt(Vault vault, Path source, long bytesDone) throws Exception {
        FinishSignal finish = new FinishSignal();
        ProgressListener listener = (done, total) -> {
            if (done >= bytesDone) {
                finish.finishNow(REASON);
            }
        };
        return vault.backup(new BackupRequest(BackupSource.directory(source), "finishing", Map.of(), listener, finish));
    }

    /** The walk's order: entries of a directory by name, each directory followed by its content. */
    private static final Comparator<String> WALK_ORDER = (a, b) ->
            Arrays.compare(a.split("/"), b.split("/"));

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    @Test
    void aBackupFinishedMidwayKeepsExactlyWhatItReachedAndTheNextOneCompletesTheRest() throws Exception {
        Path source = dir.resolve("source");
        long total = writeLargeTree(source);
        Map<String, Entry> sourceState = TestFiles.capture(source);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult partial = backupFinishingAt(vault, source, total / 3);

            assertEquals(SnapshotStatus.PARTIAL, partial.status());
            assertEquals(List.of(), partial.problems(), "no file had a problem of its own");
            NotReached notReached = partial.notReached();
            assertNotNull(notReached, "the walk was stopped before its end");
            assertEquals(REASON, notReached.reason());
            Manifest manifest = vault.manifest(partial.snapshotId());
            assertEquals(SnapshotStatus.PARTIAL, manifest.status());
            assertEquals(List.of(notReached.asProblem()), manifest.problems());
            assertTrue(notReached.asProblem().reason().startsWith(REASON), notReached.asProblem().reason());

            // The snapshot holds every path before the first one not reached, byte for byte, and nothing after it.
            String first = notReached.firstPath();
            assertTrue(sourceState.containsKey(first), first);
            Map<String, Entry> expected = new TreeMap<>(sourceState);
            expected.keySet().removeIf(path -> WALK_ORDER.compare(path, first) >= 0);
            Map<String, Entry> restored = TestFiles.capture(TestFiles.restore(vault, partial.snapshotId(), dir.resolve("partial")));
            TestFiles.assertSameTree(expected, restored, "the partial snapshot");
            long filesKept = expected.values().stream().filter(e -> e.kind() == Kind.FILE).count();
            assertTrue(filesKept > 0 && filesKept < 3000, "files kept: " + filesKept);
            assertEquals(filesKept, partial.stats().filesScanned());
            assertEquals(filesKept, vault.snapshot(partial.snapshotId()).fileCount());
            assertEquals(expected.values().stream().filter(e -> e.kind() == Kind.FILE).mapToLong(Entry::size).sum(),
                    vault.snapshot(partial.snapshotId()).totalBytes());

            // Not reached: each path from the first on whose directory was entered (a directory counts as one).
            Set<String> entered = sourceState.keySet().stream().filter(path -> WALK_ORDER.compare(path, first) < 0)
                    .collect(Collectors.toSet());
            long leftOut = sourceState.keySet().stream().filter(path -> WALK_ORDER.compare(path, first) >= 0)
                    .filter(path -> parent(path).isEmpty() || entered.contains(parent(path))).count();
            assertEquals(leftOut, notReached.entries());
            assertTrue(vault.verify(true).ok());

            BackupResult next = vault.backup(new BackupRequest(BackupSource.directory(source), "finishing"));
            assertEquals(SnapshotStatus.COMPLETE, next.status(), "problems: " + next.problems());
            assertNull(next.notReached());
            assertEquals(filesKept, next.stats().filesUnchanged(), "what the partial snapshot holds is not read again");
            TestFiles.assertSameTree(sourceState, TestFiles.capture(TestFiles.restore(vault, next.snapshotId(),
                    dir.resolve("complete"))), "the next snapshot");
        }
    }

    @Test
    void aFileBeingReadWhenTheBackupFinishesIsLeftOut() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("a-small.txt"), "stored before the large file");
        byte[] block = new byte[3 * MIB];
        new SplittableRandom(3).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(source.resolve("b-large.bin"))) {
            for (int i = 0; i < 40; i++) {
                out.write(block);
            }
        }
        Files.writeString(source.resolve("c-after.txt"), "never reached");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult partial = backupFinishingAt(vault, source, 1);

            assertEquals(SnapshotStatus.PARTIAL, partial.status());
            assertEquals(new NotReached("b-large.bin", 2, REASON), partial.notReached());
            Path restored = TestFiles.restore(vault, partial.snapshotId(), dir.resolve("partial"));
            assertEquals(Set.of("a-small.txt"), TestFiles.capture(restored).keySet());
            assertEquals(1, vault.snapshot(partial.snapshotId()).fileCount());
            assertTrue(vault.verify(true).ok());

            BackupResult next = vault.backup(new BackupRequest(BackupSource.directory(source), "finishing"));
            assertEquals(SnapshotStatus.COMPLETE, next.status());
            TestFiles.assertSameTree(TestFiles.capture(source), TestFiles.capture(TestFiles.restore(vault, next.snapshotId(),
                    dir.resolve("complete"))), "the next snapshot");
            vault.collectGarbage();
            assertTrue(vault.verify(true).ok());
        }
    }

    @Test
    void interruptingABackupStillKeepsNothing() throws Exception {
        Path source = dir.resolve("source");
        writeLargeTree(source);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            AtomicReference<Thread> backupThread = new AtomicReference<>();
            ProgressListener interruptAtFirstProgress = (done, total) -> backupThread.get().interrupt();
            CompletableFuture<BackupResult> backup = new CompletableFuture<>();
            Thread thread = Thread.ofPlatform().unstarted(() -> {
                try {
                    backup.complete(vault.backup(new BackupRequest(BackupSource.directory(source), "interrupted", Map.of(), interruptAtFirstProgress)));
                } catch (Exception | Error e) {
                    backup.completeExceptionally(e);
                }
            });
            backupThread.set(thread);
            thread.start();
            ExecutionException failed = assertThrows(ExecutionException.class, backup::get);
            assertTrue(failed.getCause() instanceof InterruptedException || failed.getCause() instanceof IOException,
                    failed.getCause().toString());
            assertEquals(List.of(), vault.snapshots());
        }
    }
}
