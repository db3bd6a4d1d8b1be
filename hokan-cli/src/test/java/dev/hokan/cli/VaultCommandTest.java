package dev.hokan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hokan vault} commands, run in-process through {@code Main.run} with stdout and stderr captured. */
class VaultCommandTest {
    private static final String ID = "[0-9a-f]{32}";

    @TempDir
    Path dir;
    Path key;
    Path cache;
    Path vault;
    Path source;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        String lastLine() {
            return outLines().getLast();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the command line in this JVM; System.out/err are swapped before the commands are created. */
    static synchronized Run hokan(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            exit = Main.run(args);
            capturedOut.flush();
            capturedErr.flush();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run vault(String command, String... rest) {
        List<String> args = new ArrayList<>(List.of("vault", command, "--key-file", key.toString(), "--cache-dir", cache.toString()));
        args.addAll(List.of(rest));
        return hokan(args.toArray(String[]::new));
    }

    private static void assertFailsWithOneLine(Run run, String expectedFragment) {
        assertNotEquals(0, run.exit(), run.toString());
        List<String> errLines = run.err().lines().toList();
        assertEquals(1, errLines.size(), "exactly one line of reason expected: " + run);
        assertTrue(errLines.getFirst().startsWith("hokan: "), run.toString());
        assertTrue(errLines.getFirst().contains(expectedFragment), "expected '" + expectedFragment + "' in: " + run);
    }

    @BeforeEach
    void setUp() throws IOException {
        key = dir.resolve("keys/master.key");
        cache = dir.resolve("cache");
        vault = dir.resolve("vault");
        source = dir.resolve("source");
        Files.createDirectories(source.resolve("docs/empty"));
        Files.writeString(source.resolve("docs/a.txt"), "alpha");
        Files.write(source.resolve("big.bin"), new byte[700 * 1024]);
        Files.createSymbolicLink(source.resolve("link"), Path.of("docs/a.txt"));
    }

    private String init() {
        Run init = vault("init", vault.toString());
        assertEquals(0, init.exit(), init.toString());
        return init.out();
    }

    private String backup() {
        Run backup = vault("backup", vault.toString(), source.toString());
        assertEquals(0, backup.exit(), backup.toString());
        assertTrue(backup.lastLine().matches(ID), "the recovery point ID comes last: " + backup);
        return backup.lastLine();
    }

    @Test
    void initCreatesTheKeyAndTheVault() throws IOException {
        String out = init();
        assertTrue(out.matches("(?s)Created vault " + ID + " at .*vault\\s*"), out);
        assertTrue(Files.isRegularFile(key));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(key));
        assertTrue(Files.isRegularFile(vault.resolve("hokan-vault")));

        // the same key serves a second vault; an existing key file is kept
        byte[] keyBytes = Files.readAllBytes(key);
        Run second = vault("init", dir.resolve("vault2").toString());
        assertEquals(0, second.exit(), second.toString());
        assertEquals("", second.err(), "no new key announced: " + second);
        assertTrue(java.util.Arrays.equals(keyBytes, Files.readAllBytes(key)));

        // a non-empty directory is refused
        assertFailsWithOneLine(vault("init", source.toString()), "not empty");
        assertFailsWithOneLine(vault("init", vault.toString()), "not empty");
    }

    @Test
    void fullCycle() throws IOException {
        init();
        Run backup = vault("backup", vault.toString(), source.toString(), "--resource", "my-files", "--tag", "env=test");
        assertEquals(0, backup.exit(), backup.toString());
        assertTrue(backup.out().contains("status: COMPLETE"), backup.toString());
        String id = backup.lastLine();
        assertTrue(id.matches(ID), backup.toString());

        Run second = vault("backup", vault.toString(), source.toString(), "--resource", "my-files");
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("(2 unchanged)"), second.toString());
        assertTrue(second.out().contains("new: 0 chunks"), second.toString());
        String secondId = second.lastLine();

        Run list = vault("list", vault.toString());
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.outLines().getFirst().startsWith("ID"), list.toString());
        assertEquals(3, list.outLines().size(), list.toString());
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(id) && l.contains("COMPLETE") && l.endsWith("my-files")), list.toString());
        assertTrue(list.out().contains(secondId));

        Run verify = vault("verify", vault.toString(), "--read-data");
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("checked 2 recovery points"), verify.toString());
        assertTrue(verify.out().contains("no errors found"), verify.toString());

        Path target = dir.resolve("restore");
        Run restore = vault("restore", vault.toString(), id, target.toString());
        assertEquals(0, restore.exit(), restore.toString());
        assertTrue(restore.out().startsWith("restored 2 files"), restore.toString());
        assertEquals("alpha", Files.readString(target.resolve("docs/a.txt")));
        assertEquals(700 * 1024, Files.size(target.resolve("big.bin")));
        assertTrue(Files.isDirectory(target.resolve("docs/empty")));
        assertEquals(Path.of("docs/a.txt"), Files.readSymbolicLink(target.resolve("link")));

        Path partial = dir.resolve("partial");
        Run some = vault("restore", vault.toString(), id, partial.toString(), "--path", "docs/a.txt");
        assertEquals(0, some.exit(), some.toString());
        try (Stream<Path> walk = Files.walk(partial)) {
            assertEquals(3, walk.count(), "partial, docs, docs/a.txt");
        }

        Files.writeString(target.resolve("docs/a.txt"), "locally changed");
        Run overwrite = vault("restore", vault.toString(), id, target.toString(), "--overwrite");
        assertEquals(0, overwrite.exit(), overwrite.toString());
        assertEquals("alpha", Files.readString(target.resolve("docs/a.txt")));

        Run delete = vault("delete", vault.toString(), id);
        assertEquals(0, delete.exit(), delete.toString());
        assertEquals("deleted recovery point " + id, delete.out().strip());
        Run listAfter = vault("list", vault.toString());
        assertFalse(listAfter.out().contains(id), listAfter.toString());
        assertTrue(listAfter.out().contains(secondId), listAfter.toString());

        Run gc = vault("gc", vault.toString());
        assertEquals(0, gc.exit(), gc.toString());
        assertTrue(gc.out().startsWith("deleted "), gc.toString());
        // the remaining point still restores and checks out after gc
        Run verifyAfterGc = vault("verify", vault.toString(), "--read-data");
        assertEquals(0, verifyAfterGc.exit(), verifyAfterGc.toString());
        Path afterGc = dir.resolve("after-gc");
        assertEquals(0, vault("restore", vault.toString(), secondId, afterGc.toString()).exit());
        assertEquals("alpha", Files.readString(afterGc.resolve("docs/a.txt")));

        Run deleteAgain = vault("delete", vault.toString(), id);
        assertFailsWithOneLine(deleteAgain, "no recovery point " + id);
    }

    @Test
    void copyBetweenVaults() throws IOException {
        init();
        Path other = dir.resolve("other-vault");
        assertEquals(0, vault("init", other.toString()).exit());
        String id = backup();
        Run copy = vault("copy", vault.toString(), id, other.toString());
        assertEquals(0, copy.exit(), copy.toString());
        assertTrue(copy.out().startsWith("copied: "), copy.toString());
        String copied = copy.lastLine();
        assertTrue(copied.matches(ID), copy.toString());
        Path target = dir.resolve("restore-copy");
        assertEquals(0, vault("restore", other.toString(), copied, target.toString()).exit());
        assertEquals("alpha", Files.readString(target.resolve("docs/a.txt")));
        assertEquals(0, vault("verify", other.toString(), "--read-data").exit());
    }

    @Test
    void failuresExitNonZeroWithOneLineReasons() throws IOException {
        init();
        String id = backup();

        Path missingKey = dir.resolve("no-such.key");
        Run noKey = hokan("vault", "list", "--key-file", missingKey.toString(), "--cache-dir", cache.toString(), vault.toString());
        assertFailsWithOneLine(noKey, missingKey.toString());
        assertEquals("", noKey.out());

        Path rawKey = dir.resolve("raw.key");
        Files.write(rawKey, new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, 0x00, 0x7f, (byte) 0x80, 0x01, 0x02});
        Run binaryKey = hokan("vault", "list", "--key-file", rawKey.toString(), "--cache-dir", cache.toString(),
                vault.toString());
        assertFailsWithOneLine(binaryKey, rawKey + " is not a Hokan master key file");

        Path noVault = dir.resolve("no-vault-here");
        assertFailsWithOneLine(vault("list", noVault.toString()), noVault.toString());
        assertFailsWithOneLine(vault("backup", noVault.toString(), source.toString()), noVault.toString());
        assertFalse(Files.exists(noVault), "a failed command must not create the vault directory");

        Path notAVault = Files.createDirectories(dir.resolve("not-a-vault"));
        assertFailsWithOneLine(vault("list", notAVault.toString()), "no Hokan vault");

        Path nonEmpty = Files.createDirectories(dir.resolve("non-empty"));
        Files.writeString(nonEmpty.resolve("existing"), "keep");
        assertFailsWithOneLine(vault("restore", vault.toString(), id, nonEmpty.toString()), "not empty");
        assertEquals("keep", Files.readString(nonEmpty.resolve("existing")));

        String unknown = "0123456789abcdef0123456789abcdef";
        assertFailsWithOneLine(vault("restore", vault.toString(), unknown, dir.resolve("t1").toString()), unknown);
        assertFailsWithOneLine(vault("restore", vault.toString(), "garbage", dir.resolve("t2").toString()), "garbage");
        assertFailsWithOneLine(vault("delete", vault.toString(), unknown), unknown);
        assertFailsWithOneLine(vault("copy", vault.toString(), unknown, vault.toString()), unknown);

        assertFailsWithOneLine(vault("backup", vault.toString(), dir.resolve("no-source").toString()), "no-source");

        // a key that is not the vault's
        Path otherKey = dir.resolve("other.key");
        assertEquals(0, hokan("vault", "init", "--key-file", otherKey.toString(), "--cache-dir", cache.toString(),
                dir.resolve("vault-of-other-key").toString()).exit());
        Run wrongKey = hokan("vault", "list", "--key-file", otherKey.toString(), "--cache-dir", cache.toString(), vault.toString());
        assertFailsWithOneLine(wrongKey, "master key");

        // usage errors are not crashes
        Run usage = hokan("vault", "restore", "--key-file", key.toString(), vault.toString());
        assertNotEquals(0, usage.exit(), usage.toString());
    }

    @Test
    void verifyReportsDamageAndFails() throws IOException {
        init();
        String id = backup();
        List<Path> packs;
        try (Stream<Path> walk = Files.walk(vault.resolve("data"))) {
            packs = walk.filter(Files::isRegularFile).toList();
        }
        // the 700 KiB of zeros compress to a small blob at the start of the data pack; damage every pack's first blob
        for (Path pack : packs) {
            try (RandomAccessFile raf = new RandomAccessFile(pack.toFile(), "rw")) {
                raf.seek(20);
                int b = raf.read();
                raf.seek(20);
                raf.write(b ^ 0xFF);
            }
        }
        Run verify = vault("verify", vault.toString(), "--read-data");
        assertNotEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("damaged: "), verify.toString());
        assertTrue(verify.out().contains("affects recovery point " + id), verify.toString());
        assertFailsWithOneLine(verify, "damaged");
        Run restore = vault("restore", vault.toString(), id, dir.resolve("restore").toString());
        assertNotEquals(0, restore.exit(), restore.toString());
        assertTrue(restore.err().startsWith("hokan: "), restore.toString());
    }
}
