package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named pipes, sockets and devices cannot be stored: they are listed as skipped and the rest is stored. */
class SpecialFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeSymlinks() throws IOException {
        TestFiles.removeSymlinks(dir);
    }

    private static int run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }

    @Test
    void pipesSocketsAndDevicesAreSkippedAndTheRestIsStored() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("regular.txt"), "regular");
        Files.writeString(source.resolve("sub/inner.txt"), "inner");
        Files.createSymbolicLink(source.resolve("link-to-pipe"), Path.of("pipe"));
        assertEquals(0, run(source, "mkfifo", "pipe"), "mkfifo failed");
        boolean device = run(source, "mknod", "sub/null-device", "c", "1", "3") == 0;

        Map<String, TestFiles.Entry> expected;
        BackupResult result;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(source.resolve("sub/socket")));
            assertTrue(Files.exists(source.resolve("sub/socket")));
            expected = TestFiles.capture(source);
            try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
                result = TestFiles.backup(vault, source);
                assertEquals(SnapshotStatus.COMPLETE, result.status(), "special files are not problems: " + result.problems());
                assertEquals(List.of(), result.problems());
                List<String> skipped = result.skipped();
                assertTrue(skipped.stream().anyMatch(s -> s.startsWith("pipe") && s.contains("named pipe")), "skipped: " + skipped);
                assertTrue(skipped.stream().anyMatch(s -> s.startsWith("sub/socket") && s.contains("socket")), "skipped: " + skipped);
                if (device) {
                    assertTrue(skipped.stream().anyMatch(s -> s.startsWith("sub/null-device") && s.contains("character device")),
                            "skipped: " + skipped);
                }
                assertEquals(device ? 3 : 2, skipped.size(), "skipped: " + skipped);
                assertEquals(2, result.stats().filesScanned(), "special files are not files");
                assertEquals(SnapshotStatus.COMPLETE, vault.snapshot(result.snapshotId()).status());
                assertEquals(skipped, vault.manifest(result.snapshotId()).skipped(), "the manifest remembers what was skipped");

                Path target = dir.resolve("restore");
                TestFiles.restore(vault, result.snapshotId(), target);
                Map<String, TestFiles.Entry> restored = TestFiles.capture(target);
                TestFiles.assertSameTree(expected, restored, "restore without special files");
                assertEquals(Set.of("regular.txt", "sub", "sub/inner.txt", "link-to-pipe"), restored.keySet());
                assertFalse(Files.exists(target.resolve("pipe")));
                assertTrue(Files.isSymbolicLink(target.resolve("link-to-pipe")), "a symlink to a pipe is an ordinary symlink");

                // an unchanged second backup still skips them and stores nothing
                BackupResult again = TestFiles.backup(vault, source);
                assertEquals(0, again.stats().newChunks());
                assertEquals(skipped.size(), again.skipped().size());
                assertTrue(vault.verify(true).ok());
            }
        }
    }

    @Test
    void aSourceOfOnlySpecialFilesGivesAnEmptyCompleteSnapshot() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        assertEquals(0, run(source, "mkfifo", "only-pipe"));
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = TestFiles.backup(vault, source);
            assertEquals(SnapshotStatus.COMPLETE, result.status());
            assertEquals(1, result.skipped().size());
            Path target = dir.resolve("restore");
            TestFiles.restore(vault, result.snapshotId(), target);
            assertTrue(TestFiles.isEmptyDirectory(target));
        }
    }
}
