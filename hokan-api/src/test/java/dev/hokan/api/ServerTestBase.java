package dev.hokan.api;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;

/** One real server per test class, on a free loopback port with the manual clock, and an SDK client signed for it. */
abstract class ServerTestBase {
    @TempDir
    static Path dir;
    static TestServer hokan;
    static BackupClient backup;

    @BeforeAll
    static void startServer() {
        hokan = TestServer.start(dir.resolve("data"));
        backup = hokan.backup;
    }

    @AfterAll
    static void stopServer() throws Exception {
        hokan.close();
    }
}
