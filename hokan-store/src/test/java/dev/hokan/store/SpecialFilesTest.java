package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
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

/**
 * Named pipes and devices are stored and made again on restore, as tar does (a device needs root). A socket
 * cannot be made again meaningfully: it is listed as skipped, and the rest is stored.
 */
class SpecialFilesTest {
    private static final boolean ROOT = Posix.effectiveUserIsRoot();

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
    void pipesAndDevicesAreRecreatedAndSocketsAreSkipped() throws Exception {
        assumeTrue(ROOT, "making a device node needs root");
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("regular.txt"), "regular");
        Files.writeString(source.resolve("sub/inner.txt"), "inner");
        Files.createSymbolicLink(source.resolve("link-to-pipe"), Path.of("pipe"));
        assertEquals(0, run(source, "mkfifo", "-m", "0640", "pipe"), "mkfifo failed");
        assertEquals(0, run(source, "mknod", "-m", "0666", "sub/null-device", "c", "1", "3"), "mknod failed");
        Files.setAttribute(source.resolve("pipe"), "unix:uid", 1234, TestFiles.NOFOLLOW);
        // not through the JDK, which opens the file to set its time and so waits for a writer to the pipe
        assertEquals(0, run(source, "touch", "-m", "-d", "@1600000000.123456789", "pipe"));

        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(source.resolve("sub/socket")));
            assertTrue(Files.exists(source.resolve("sub/socket")));
            Map<String, TestFiles.Entry> expected = TestFiles.capture(source);
            try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
                BackupResult result = TestFiles.backup(vault, source);
                assertEquals(SnapshotStatus.COMPLETE, result.status(), "a socket is not a problem: " + result.problems());
                assertEquals(List.of("sub/socket (socket)"), result.skipped());
                assertEquals(2, result.stats().filesScanned(), "special files are not files");
                assertEquals(result.skipped(), vault.manifest(result.snapshotId()).skipped(), "the manifest remembers what was skipped");

                Path target = dir.resolve("restore");
                RestoreResult restoreResult = vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.directory(target)));
                assertEquals(List.of(), restoreResult.problems());
                Map<String, TestFiles.Entry> restored = TestFiles.capture(target);
                TestFiles.assertSameTree(expected, restored, "restore of pipes and devices");
                assertEquals(Set.of("regular.txt", "sub", "sub/inner.txt", "link-to-pipe", "pipe", "sub/null-device"),
                        restored.keySet());
                assertEquals(0010000, (Integer) Files.getAttribute(target.resolve("pipe"), "unix:mode", TestFiles.NOFOLLOW) & 0170000);
                assertEquals(0020000, (Integer) Files.getAttribute(target.resolve("sub/null-device"), "unix:mode") & 0170000);
                assertEquals(Files.getAttribute(Path.of("/dev/null"), "unix:rdev"),
                        Files.getAttribute(target.resolve("sub/null-device"), "unix:rdev"), "the same device, 1:3");
                assertFalse(Files.exists(target.resolve("sub/socket")));
                assertTrue(Files.isSymbolicLink(target.resolve("link-to-pipe")));

                // an unchanged second backup stores nothing new and still skips the socket
                BackupResult again = TestFiles.backup(vault, source);
                assertEquals(0, again.stats().newChunks());
                assertEquals(result.skipped(), again.skipped());
                assertTrue(vault.verify(true).ok());
            }
        }
    }

    @Test
    void aSourceOfOnlyASocketGivesAnEmptyCompleteSnapshot() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            server.bind(UnixDomainSocketAddress.of(source.resolve("only-socket")));
            BackupResult result = TestFiles.backup(vault, source);
            assertEquals(SnapshotStatus.COMPLETE, result.status());
            assertEquals(List.of("only-socket (socket)"), result.skipped());
            Path target = dir.resolve("restore");
            TestFiles.restore(vault, result.snapshotId(), target);
            assertTrue(TestFiles.isEmptyDirectory(target));
        }
    }
}
