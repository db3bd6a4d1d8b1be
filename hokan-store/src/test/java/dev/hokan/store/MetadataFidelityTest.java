package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corner cases of what a restore must reproduce exactly. */
class MetadataFidelityTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeSymlinks() throws IOException {
        TestFiles.removeSymlinks(dir);
    }

    private static String shell(Path directory, String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "sh -c " + script + ": " + output);
        return output;
    }

    /**
     * Linux file names are bytes, not text: names that are not valid UTF-8, of files and of directories, are backed up
     * and restored with their exact bytes, and the next backup finds them unchanged.
     */
    @Test
    void fileNamesThatAreNotUtf8AreStoredAndRestoredExactly() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        shell(source, "printf one > \"$(printf 'name-\\377')\" && printf two > \"$(printf 'name-\\376')\""
                + " && mkdir \"$(printf 'dir-\\375')\" && printf three > \"$(printf 'dir-\\375/inner-\\374\\200')\""
                + " && printf four > \"$(printf 'caf\\303\\251')\" && printf ok > plain");
        // od shows the bytes of every name, which the shell does not decode
        String listing = "ls -aR | od -An -tx1";
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = TestFiles.backup(vault, source);
            assertEquals(List.of(), result.problems());
            assertEquals(SnapshotStatus.COMPLETE, result.status());
            assertEquals(5, result.stats().filesScanned());
            Path target = dir.resolve("restore");
            TestFiles.restore(vault, result.snapshotId(), target);
            assertEquals(shell(source, listing), shell(target, listing));
            assertEquals("one", shell(target, "cat \"$(printf 'name-\\377')\""));
            assertEquals("two", shell(target, "cat \"$(printf 'name-\\376')\""));
            assertEquals("three", shell(target, "cat \"$(printf 'dir-\\375/inner-\\374\\200')\""));
            assertEquals("four", Files.readString(target.resolve("caf\u00e9")));
            assertEquals("ok", Files.readString(target.resolve("plain")));

            BackupResult again = TestFiles.backup(vault, source);
            assertEquals(5, again.stats().filesUnchanged(), "the next backup finds each name in its parent");
            assertEquals(0, again.stats().newChunks());
        }
    }

    /** Restoring as root gives files and directories their owners back; symlinks have owners too. */
    @Test
    void symlinkOwnershipIsRestoredWhenRunningAsRoot() throws Exception {
        assumeTrue(Posix.effectiveUserIsRoot(), "needs root to chown");
        Path source = Files.createDirectories(dir.resolve("source"));
        Path file = Files.writeString(source.resolve("file"), "x");
        Path link = Files.createSymbolicLink(source.resolve("link"), Path.of("file"));
        Files.setAttribute(file, "unix:uid", 1234, TestFiles.NOFOLLOW);
        Files.setAttribute(file, "unix:gid", 5678, TestFiles.NOFOLLOW);
        Files.setAttribute(link, "unix:uid", 4321, TestFiles.NOFOLLOW);
        Files.setAttribute(link, "unix:gid", 8765, TestFiles.NOFOLLOW);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            Path target = TestFiles.restore(vault, id, dir.resolve("restore"));
            assertEquals(1234, Files.getAttribute(target.resolve("file"), "unix:uid", TestFiles.NOFOLLOW));
            assertEquals(5678, Files.getAttribute(target.resolve("file"), "unix:gid", TestFiles.NOFOLLOW));
            assertEquals(4321, Files.getAttribute(target.resolve("link"), "unix:uid", TestFiles.NOFOLLOW), "symlink owner");
            assertEquals(8765, Files.getAttribute(target.resolve("link"), "unix:gid", TestFiles.NOFOLLOW), "symlink group");
        }
    }

    /**
     * Times before 1970 are ordinary (old archives) and ext4 keeps them with nanoseconds. The JDK's
     * {@code setTimes} mishandles negative times with a fractional second (it sets 1970-01-01T00:00:00Z), so a
     * restore sets them itself, to the nanosecond.
     */
    @Test
    void timesBeforeTheEpochRestoreToTheNanosecond() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.createDirectories(source.resolve("dir"));
        Files.writeString(source.resolve("dir/just-before"), "a");
        Files.writeString(source.resolve("dir/whole-second"), "b");
        Files.writeString(source.resolve("long-ago"), "c");
        // set with touch: the JDK cannot set these times itself
        shell(source, "touch -m -d '1969-12-31 23:59:59.876543211 UTC' dir/just-before"
                + " && touch -m -d '1969-12-31 23:59:58 UTC' dir/whole-second"
                + " && touch -m -d '1950-06-01 12:00:00.5 UTC' long-ago"
                + " && touch -m -d '1960-01-01 00:00:00.25 UTC' dir"
                + " && ln -s long-ago old-link && touch -h -m -d '1955-03-01 00:00:00.75 UTC' old-link");
        var expected = TestFiles.capture(source);
        assertEquals(-123_456_789L, expected.get("dir/just-before").mtimeNanos(), "the file system keeps the time");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            var restored = TestFiles.capture(TestFiles.restore(vault, id, dir.resolve("restore")));
            List<String> wrong = new java.util.ArrayList<>();
            for (String path : List.of("dir/just-before", "dir/whole-second", "long-ago", "dir", "old-link")) {
                long want = expected.get(path).mtimeNanos();
                long got = restored.get(path).mtimeNanos();
                if (want != got) {
                    wrong.add(path + ": expected " + java.time.Instant.EPOCH.plusNanos(want) + ", restored " + java.time.Instant.EPOCH.plusNanos(got));
                }
            }
            assertEquals(List.of(), wrong);
        }
    }

    /** A hard-linked file whose content was read once is restored once, and its links share it. */
    @Test
    void hardLinksAcrossDirectoriesShareOneInodeAfterRestore() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/a/b"));
        Files.createDirectories(dir.resolve("source/c"));
        Path original = Files.write(dir.resolve("source/a/b/data"), new byte[600 * 1024]);
        Files.createLink(dir.resolve("source/c/link1"), original);
        Files.createLink(dir.resolve("source/link2"), original);
        Files.setAttribute(original, "unix:mode", 0640);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, dir.resolve("source")).snapshotId();
            Path target = TestFiles.restore(vault, id, dir.resolve("restore"));
            Object inode = Files.getAttribute(target.resolve("a/b/data"), "unix:ino");
            assertEquals(inode, Files.getAttribute(target.resolve("c/link1"), "unix:ino"));
            assertEquals(inode, Files.getAttribute(target.resolve("link2"), "unix:ino"));
            assertEquals(3, Files.getAttribute(target.resolve("link2"), "unix:nlink"));
            assertEquals(0640, (Integer) Files.getAttribute(target.resolve("c/link1"), "unix:mode") & 07777);

            // restoring only one of the links gives an ordinary file with the content
            Path single = dir.resolve("single");
            vault.restore(new RestoreRequest(id, RestoreSink.directory(single), java.util.List.of("c/link1"), ProgressListener.NONE));
            assertEquals(600 * 1024, Files.size(single.resolve("c/link1")));
            assertTrue(Files.notExists(single.resolve("a")));
        }
    }
}
