package dev.hokan.store.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PosixTest {
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
}
