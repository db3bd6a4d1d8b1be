package dev.hokan.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles;
import dev.hokan.store.Vault;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore stopped while files are still being handed out leaves no part of a file behind. */
class StoppedRestoreTest {
    @TempDir
    Path dir;

    @Test
    void aFileWhoseChunksStoppedComingIsRemoved() throws Exception {
        stopWhileWriting("large");
    }

    /** A copy is written with the file it copies (Twins): it goes with it. */
    @Test
    void aFileAndItsCopyWhoseChunksStoppedComingAreBothRemoved() throws Exception {
        stopWhileWriting("large", "large-copy");
    }

    /**
     * Small files go to the workers in batches: those gathered but not yet handed over when the restore stops are
     * never started, and the restore ends rather than wait for them.
     */
    @Test
    void smallFilesStillGatheredWhenStoppedAreNeverStarted() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        SplittableRandom random = new SplittableRandom(5);
        // more files than the batches in flight hold (four per worker, of 32 files each) and the one being gathered,
        // on any number of cores
        int count = 32 * (4 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 2) + 100;
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[1 + random.nextInt(4096)];
            random.nextBytes(content);
            Files.write(source.resolve(String.format("f%05d", i)), content);
        }
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            Path target = dir.resolve("restore");
            assertNotNull(restoreAndStop(vault, id, new HeldWrites<>(RestoreSink.directory(target))),
                    "the stopped restore failed");
            try (var restored = Files.list(target)) {
                List<Path> files = restored.toList();
                assertTrue(files.size() < count, "some files were never started: " + files.size());
                for (Path file : files) {
                    assertArrayEquals(Files.readAllBytes(source.resolve(file.getFileName())), Files.readAllBytes(file),
                            file + " is complete");
                }
            }
        }
    }

    private void stopWhileWriting(String... names) throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        byte[] content = new byte[16 << 20];
        new SplittableRandom(3).nextBytes(content);
        for (String name : names) {
            Files.write(source.resolve(name), content);
        }
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            Path target = dir.resolve("restore");
            HeldWrites<Path> sink = new HeldWrites<>(RestoreSink.directory(target));
            assertNotNull(restoreAndStop(vault, id, sink), "the stopped restore failed");
            for (String name : names) {
                await(() -> !Files.exists(target.resolve(name)));
            }
            assertFalse(sink.finished.get(), "no file was finished");
        }
    }

    /**
     * Restores the point on a thread of its own and stops it once the workers wait inside their first writes and the
     * restoring thread, out of room for more, waits too; then lets the writes go on. Returns what the restore threw.
     */
    private static Throwable restoreAndStop(Vault vault, String id, HeldWrites<Path> sink) throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread restoring = Thread.ofPlatform().start(() -> {
            try {
                vault.restore(new RestoreRequest(id, sink));
            } catch (Throwable failed) {
                outcome.set(failed);
            }
        });
        await(() -> sink.writesWaiting.get() > 0 && restoring.getState() == Thread.State.WAITING);
        restoring.interrupt();
        Thread.sleep(200);
        sink.writesGoOn.countDown();
        restoring.join(30_000);
        assertFalse(restoring.isAlive(), "the stopped restore ended");
        return outcome.get();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 30 s");
            Thread.sleep(20);
        }
    }

    /** A sink whose files' writes wait until the test lets them go on. */
    private static final class HeldWrites<P> extends ForwardingSink<P> {
        final CountDownLatch writesGoOn = new CountDownLatch(1);
        final AtomicInteger writesWaiting = new AtomicInteger();
        final AtomicBoolean finished = new AtomicBoolean();

        HeldWrites(RestoreSink<P> sink) {
            super(sink);
        }

        @Override
        public ContentWriter file(P place, long size) throws IOException {
            ContentWriter file = sink.file(place, size);
            return new ContentWriter() {
                @Override
                public void write(byte[] data, int length, long position) throws IOException {
                    writesWaiting.incrementAndGet();
                    try {
                        writesGoOn.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                    file.write(data, length, position);
                }

                @Override
                public void finish(Node node) throws IOException {
                    finished.set(true);
                    file.finish(node);
                }

                @Override
                public void abandon() throws IOException {
                    file.abandon();
                }
            };
        }
    }
}
