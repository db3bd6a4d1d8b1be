package dev.hokan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.store.posix.Posix;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the backup user cannot read: the backup still succeeds, PARTIAL, naming the file. Root can read
 * everything, so the CLI runs in a child JVM as {@code nobody} (via runuser).
 */
class UnreadableFileCliTest {
    private static final Path RUNUSER = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);

    @TempDir
    Path dir;

    @AfterEach
    void makeDeletable() throws IOException {
        // JUnit deletes as root anyway; restore modes so nothing stands in the way
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** This test JVM's classpath, copied where nobody can read it (~/.m2 usually is not readable by others). */
    private String readableClasspath() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.isBlank() || !Files.exists(path) || entry.contains("surefire")) {
                continue;
            }
            Path target = copy.resolve((n++) + "-" + path.getFileName());
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path p : walk.toList()) {
                        Path to = target.resolve(path.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(path, target);
            }
            entries.add(target.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private CliProcess.Result asNobody(String classpath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RUNUSER.toString(), "-u", "nobody", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-cp", classpath, "dev.hokan.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("HOKAN_MASTER_KEY_FILE");
        return CliProcess.run(builder, dir);
    }

    @Test
    void anUnreadableFileMakesTheBackupPartialAndIsNamed() throws Exception {
        assumeTrue(Posix.effectiveUserIsRoot(), "needs root to run as nobody");
        assumeTrue(RUNUSER != null, "runuser is not installed");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classpath = readableClasspath();
        try (Stream<Path> walk = Files.walk(dir.resolve("classpath"))) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setOwner(home, nobody);
        Files.setOwner(Files.createDirectories(dir.resolve("tmp")), nobody);

        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("readable.txt"), "anyone may read this");
        Files.writeString(source.resolve("sub/also-readable.txt"), "and this");
        Path secret = Files.writeString(source.resolve("sub/secret.txt"), "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Path closed = Files.createDirectories(source.resolve("closed"));
        Files.writeString(closed.resolve("hidden.txt"), "inside a closed directory");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        for (Path p : List.of(source, source.resolve("sub"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        String key = home.resolve("master.key").toString();
        String cache = home.resolve("cache").toString();
        String vault = home.resolve("vault").toString();
        CliProcess.Result init = asNobody(classpath, "vault", "init", "--key-file", key, "--cache-dir", cache, vault);
        assertEquals(0, init.exit(), init.toString());

        CliProcess.Result backup = asNobody(classpath, "vault", "backup", "--key-file", key, "--cache-dir", cache, vault, source.toString());
        assertEquals(0, backup.exit(), "an unreadable file must not fail the backup: " + backup);
        assertTrue(backup.out().contains("status: PARTIAL"), backup.toString());
        String id = backup.out().lines().toList().getLast();
        assertTrue(id.matches("[0-9a-f]{32}"), backup.toString());
        assertTrue(backup.err().lines().anyMatch(l -> l.startsWith("warning: sub/secret.txt: ") && l.contains("permission denied")),
                backup.toString());
        assertTrue(backup.err().lines().anyMatch(l -> l.startsWith("warning: closed")), backup.toString());
        assertFalse(backup.err().contains("readable.txt"), backup.toString());

        CliProcess.Result list = asNobody(classpath, "vault", "list", "--key-file", key, "--cache-dir", cache, vault);
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("PARTIAL")), list.toString());

        Path restored = home.resolve("restore");
        CliProcess.Result restore = asNobody(classpath, "vault", "restore", "--key-file", key, "--cache-dir", cache, vault, id, restored.toString());
        assertEquals(0, restore.exit(), restore.toString());
        assertEquals("anyone may read this", Files.readString(restored.resolve("readable.txt")));
        assertEquals("and this", Files.readString(restored.resolve("sub/also-readable.txt")));
        assertFalse(Files.exists(restored.resolve("sub/secret.txt")), "an unreadable file is not stored");
        assertFalse(Files.exists(restored.resolve("closed/hidden.txt")));
    }
}
