package dev.hokan.store.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status through statx and through the JDK (where statx is missing) say the same of every kind of entry. */
class FileStatusTest {
    @TempDir
    Path dir;

    @Test
    void statxAndTheJdkAgreeOnEveryKindOfEntry() throws IOException {
        Path file = Files.write(dir.resolve("file"), new byte[12345]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2021-02-03T04:05:06.123456789Z")));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Path subdirectory = Files.createDirectory(dir.resolve("sub"));
        Path hardLink = Files.createLink(dir.resolve("second-name"), file);
        Path pipe = dir.resolve("pipe");
        Posix.makeNode(pipe, 0010640, 0);
        for (Path entry : List.of(file, link, dangling, subdirectory, hardLink, pipe, Path.of("/dev/null"), dir)) {
            FileStatus statx = Posix.statx(entry);
            assertNotNull(statx, "statx is there on the machines the tests run on");
            assertEquals(Posix.statusThroughJdk(entry), statx, entry.toString());
            assertEquals(statx, Posix.status(entry));
        }
        FileStatus status = Posix.status(file);
        assertTrue(status.isRegularFile());
        assertEquals(12345, status.size());
        assertEquals(0640, status.mode() & 07777);
        assertEquals(2, status.links());
        assertEquals(Instant.parse("2021-02-03T04:05:06.123456789Z").getEpochSecond() * 1_000_000_000L + 123456789,
                status.mtimeNanos());
        assertTrue(Posix.status(link).isSymbolicLink());
        assertTrue(Posix.status(subdirectory).isDirectory());
        assertTrue(Posix.status(pipe).isOther());
        assertEquals(Files.getAttribute(Path.of("/dev/null"), "unix:rdev"), Posix.status(Path.of("/dev/null")).rdev());
    }

    @Test
    void aMissingEntryIsNoSuchFileEitherWay() {
        Path missing = dir.resolve("missing");
        assertThrows(NoSuchFileException.class, () -> Posix.statx(missing));
        assertThrows(NoSuchFileException.class, () -> Posix.statusThroughJdk(missing));
        assertThrows(NoSuchFileException.class, () -> Posix.status(dir.resolve("missing/below")));
    }
}
