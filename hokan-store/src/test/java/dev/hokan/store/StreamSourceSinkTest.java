package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.FinishSignal;
import dev.hokan.store.backup.NotReached;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single stream (a tool's output) backs up as one file and restores into a stream (a tool's input), byte for byte,
 * whatever the order in which the restore's workers fetch its chunks.
 */
class StreamSourceSinkTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aGeneratedStreamRestoresIntoAChannelByteForByte() throws Exception {
        long size = 23L * MIB + 4321;
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = vault.backup(new BackupRequest(BackupSource.stream("base.tar", new Generated(7, size)), "db"));

            assertEquals(SnapshotStatus.COMPLETE, result.status());
            assertEquals(1, result.stats().filesScanned());
            assertEquals(size, result.stats().bytesScanned());
            assertTrue(result.stats().newChunks() > 10, "many chunks, fetched in parallel: " + result.stats().newChunks());
            assertEquals("base.tar", vault.manifest(result.snapshotId()).sourcePath());

            MessageDigest restored = MessageDigest.getInstance("SHA-256");
            RestoreResult written = vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.stream(digesting(restored))));
            assertArrayEquals(Generated.digest(7, size), restored.digest());
            assertEquals(1, written.files());
            assertEquals(size, written.bytes());

            // the same recovery point restores into a directory as one file
            Path target = dir.resolve("as-directory");
            vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.directory(target)));
            assertEquals(size, Files.size(target.resolve("base.tar")));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(target.resolve("base.tar"))));
        }
    }

    @Test
    void aCommandsOutputRestoresIntoACommandsInput() throws Exception {
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String snapshot = vault.backup(new BackupRequest(
                    BackupSource.processOutput("numbers", new ProcessBuilder("seq", "1", "400000")), "numbers")).snapshotId();

            Path written = dir.resolve("written");
            Process consumer = new ProcessBuilder("sh", "-c", "cat > \"$0\"", written.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream input = consumer.getOutputStream()) {
                vault.restore(new RestoreRequest(snapshot, RestoreSink.stream(Channels.newChannel(input))));
            }
            assertEquals(0, consumer.waitFor());

            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 400000; i++) {
                expected.append(i).append('\n');
            }
            assertEquals(expected.toString(), Files.readString(written, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aCommandThatFailsFailsTheBackup() throws Exception {
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            IOException failed = assertThrows(IOException.class, () -> vault.backup(new BackupRequest(
                    BackupSource.processOutput("cut-short", new ProcessBuilder("sh", "-c", "seq 1 1000; exit 3")), "db")));
            assertTrue(failed.getMessage().contains("exited with status 3"), failed.getMessage());
            assertEquals(List.of(), vault.snapshots());
        }
    }

    @Test
    void aStreamTakesOneFileOfADirectorySnapshot() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/sub"));
        byte[] big = new byte[5 * MIB];
        new SplittableRandom(3).nextBytes(big);
        Files.write(source.resolve("big.bin"), big);
        Files.writeString(dir.resolve("source/small.txt"), "small");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String snapshot = TestFiles.backup(vault, dir.resolve("source")).snapshotId();

            MessageDigest one = MessageDigest.getInstance("SHA-256");
            vault.restore(new RestoreRequest(snapshot, RestoreSink.stream(digesting(one)), List.of("sub/big.bin"),
                    ProgressListener.NONE));
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(big), one.digest());

            IOException refused = assertThrows(IOException.class, () -> vault.restore(new RestoreRequest(snapshot,
                    RestoreSink.stream(digesting(MessageDigest.getInstance("SHA-256"))))));
            assertTrue(refused.getMessage().contains("a stream takes one file"), refused.getMessage());
        }
    }

    @Test
    void aStreamAskedToFinishBeforeItsEndIsLeftOut() throws Exception {
        FinishSignal finish = new FinishSignal();
        finish.finishNow("deadline");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = vault.backup(new BackupRequest(BackupSource.stream("base.tar", new Generated(1, 8L * MIB)),
                    "db", Map.of(), ProgressListener.NONE, finish));
            assertEquals(SnapshotStatus.PARTIAL, result.status());
            assertEquals(new NotReached("base.tar", 1, "deadline"), result.notReached());
        }
    }

    /** A channel that keeps only the SHA-256 of what it is given. */
    private static WritableByteChannel digesting(MessageDigest digest) {
        return Channels.newChannel(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
    }

    @Test
    void aStreamNeedsAPlainFileName() {
        for (String name : new String[] {"", ".", "..", "a/b", "nul\0"}) {
            assertThrows(IllegalArgumentException.class, () -> BackupSource.stream(name, new Generated(1, 1)), name);
        }
    }

    /** Deterministic pseudo-random bytes, handed out in reads of uneven sizes as a pipe does. */
    private static final class Generated implements ReadableByteChannel {
        private final SplittableRandom random;
        private final SplittableRandom sizes = new SplittableRandom(99);
        private long left;
        private long word;
        private int used = Long.BYTES;

        Generated(long seed, long size) {
            this.random = new SplittableRandom(seed);
            this.left = size;
        }

        static byte[] digest(long seed, long size) throws NoSuchAlgorithmException {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (Generated generated = new Generated(seed, size)) {
                ByteBuffer buffer = ByteBuffer.allocate(MIB);
                while (generated.read(buffer.clear()) >= 0) {
                    digest.update(buffer.flip());
                }
            }
            return digest.digest();
        }

        @Override
        public int read(ByteBuffer target) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(left, target.remaining()), 1 + sizes.nextInt(70_000));
            for (int i = 0; i < n; i++) {
                if (used == Long.BYTES) {
                    word = random.nextLong();
                    used = 0;
                }
                target.put((byte) (word >>> (Byte.SIZE * used++)));
            }
            left -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
