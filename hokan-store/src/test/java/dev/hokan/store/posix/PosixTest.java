package dev.hokan.store.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {
    @TempDir
    Path dir;

    @Test
    void rootIsTheEffectiveUserIdWhateverTheUsersName() throws IOException {
        // the kernel gives /proc/self the process's effective user ID as its owner
        boolean root = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        String name = System.getProperty("user.name");
        try {
            System.setProperty("user.name", root ? "operator" : "root");
            assertEquals(root, Posix.effectiveUserIsRoot());
        } finally {
            System.setProperty("user.name", name);
        }
    }

    @Test
    void droppingCachedPagesNeverWaitsOnANamedPipeInAFilesPlace() throws IOException {
        // someone who can write where a store keeps its files could put a pipe with no writer in a pack's place
        Path pipe = dir.resolve("pipe");
        Posix.makeNode(pipe, 0010600, 0);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Posix.dropCachedPages(pipe));
    }
}
