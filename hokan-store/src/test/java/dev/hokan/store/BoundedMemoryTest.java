package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the size of what is backed up: a child JVM with a 48 MiB heap backs up and
 * restores a source twenty times larger than its heap.
 */
class BoundedMemoryTest {
    private static final long SIZE = 1L << 30;

    @TempDir
    Path work;

    @Test
    void backupAndRestoreOfASourceFarLargerThanTheHeap() throws Exception {
        Path source = work.resolve("source");
        Files.createDirectories(source);
        Random random = new Random(5);
        try (RandomAccessFile file = new RandomAccessFile(source.resolve("large.img").toFile(), "rw")) {
            file.setLength(SIZE);
            byte[] block = new byte[1 << 20];
            for (long offset = 0; offset < SIZE; offset += 32L << 20) {
                random.nextBytes(block);
                file.seek(offset);
                file.write(block);
            }
        }
        MasterKey.loadOrCreate(work.resolve("key"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx48m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Workload.class.getName(), work.toString())
                .inheritIO().start();
        assertEquals(0, child.waitFor(), "backup and restore within a 48 MiB heap");
        assertEquals(-1L, Files.mismatch(source.resolve("large.img"), work.resolve("restored/large.img")));
    }

    /** Runs in the child JVM. */
    public static final class Workload {
        public static void main(String[] args) throws Exception {
            Path work = Path.of(args[0]);
            try (Vault vault = Vault.create(new LocalBlobStore(work.resolve("vault")), MasterKey.load(work.resolve("key")),
                    work.resolve("cache"))) {
                BackupResult result = vault.backup(new BackupRequest(BackupSource.directory(work.resolve("source")), "large"));
                vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.directory(work.resolve("restored"))));
            }
        }
    }
}
