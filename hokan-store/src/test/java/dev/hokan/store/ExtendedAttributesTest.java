package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extended attributes and POSIX ACLs (which Linux keeps as the attributes {@code system.posix_acl_access} and
 * {@code system.posix_acl_default}) are backed up and restored; a target that refuses one is reported. The
 * attributes are set and compared through Python's calls, not Hokan's.
 */
class ExtendedAttributesTest {
    private static final int ACL_USER_OBJ = 0x01;
    private static final int ACL_USER = 0x02;
    private static final int ACL_GROUP_OBJ = 0x04;
    private static final int ACL_MASK = 0x10;
    private static final int ACL_OTHER = 0x20;
    private static final int NO_ID = -1;

    @TempDir
    Path dir;

    /** An ACL in the kernel's binary form: version 2, then (tag, permissions, ID) entries sorted by tag and ID. */
    private static byte[] acl(int[]... entries) {
        ByteBuffer bytes = ByteBuffer.allocate(4 + 8 * entries.length).order(ByteOrder.LITTLE_ENDIAN).putInt(2);
        for (int[] entry : entries) {
            bytes.putShort((short) entry[0]).putShort((short) entry[1]).putInt(entry[2]);
        }
        return bytes.array();
    }

    /** Owner rw, user 1234 r, owning group r, mask r, others nothing: an ACL that the mode bits alone cannot say. */
    private static byte[] extendedAcl() {
        return acl(new int[] {ACL_USER_OBJ, 6, NO_ID}, new int[] {ACL_USER, 4, 1234}, new int[] {ACL_GROUP_OBJ, 4, NO_ID},
                new int[] {ACL_MASK, 4, NO_ID}, new int[] {ACL_OTHER, 0, NO_ID});
    }

    @Test
    void userAttributesAndAclsRoundTrip() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Path doc = Files.writeString(source.resolve("doc.txt"), "content");
        Path shared = Files.createDirectories(source.resolve("shared"));
        Path inner = Files.writeString(shared.resolve("inner.txt"), "inner");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        TestFiles.setExtendedAttribute(doc, "user.comment", "hello".getBytes(StandardCharsets.UTF_8));
        TestFiles.setExtendedAttribute(doc, "user.binary", binary);
        TestFiles.setExtendedAttribute(doc, "system.posix_acl_access", extendedAcl());
        TestFiles.setExtendedAttribute(shared, "system.posix_acl_access", extendedAcl());
        TestFiles.setExtendedAttribute(shared, "system.posix_acl_default", extendedAcl());
        TestFiles.setExtendedAttribute(shared, "user.tag", new byte[0]);
        TestFiles.setExtendedAttribute(source, "user.root", "top".getBytes(StandardCharsets.UTF_8));
        assertTrue(TestFiles.extendedAttributes(doc).contains("system.posix_acl_access="), "the ACL is kept as an attribute");

        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = TestFiles.backup(vault, source);
            assertEquals(List.of(), result.problems());
            var expected = TestFiles.capture(source);
            Path target = dir.resolve("restore");
            RestoreResult restored = vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.directory(target)));
            assertEquals(List.of(), restored.problems());
            TestFiles.assertSameTree(expected, TestFiles.capture(target), "restore with attributes");
            for (String path : List.of("doc.txt", "shared", "shared/inner.txt")) {
                assertEquals(TestFiles.extendedAttributes(source.resolve(path)), TestFiles.extendedAttributes(target.resolve(path)), path);
            }
            assertEquals(TestFiles.extendedAttributes(source), TestFiles.extendedAttributes(target), "the root directory's own");
            assertEquals("", TestFiles.extendedAttributes(inner), "a file made before the default ACL was set has none");

            // an unchanged file is not read again, and keeps its attributes in the next recovery point
            BackupResult again = TestFiles.backup(vault, source);
            assertEquals(2, again.stats().filesUnchanged());
            Path second = dir.resolve("restore-again");
            TestFiles.restore(vault, again.snapshotId(), second);
            assertEquals(TestFiles.extendedAttributes(doc), TestFiles.extendedAttributes(second.resolve("doc.txt")));
        }
    }

    /**
     * tmpfs keeps an attribute of 8 KiB, ext4 (without the ea_inode feature) refuses one larger than a block: a real
     * target file system that cannot take what was backed up. The restore completes and names what it left out.
     */
    @Test
    void anAttributeTheTargetRefusesIsReported() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()), "needs a tmpfs at /dev/shm");
        Path probe = Files.writeString(dir.resolve("probe"), "");
        assumeTrue(!accepts(probe, 8000), "the target file system takes attributes of 8000 bytes; nothing to refuse");
        Path source = Files.createTempDirectory(shm, "hokan-xattr-");
        try {
            Path big = Files.writeString(source.resolve("big.txt"), "big");
            assumeTrue(accepts(big, 8000), "tmpfs here refuses attributes of 8000 bytes");
            TestFiles.setExtendedAttribute(big, "user.small", "ok".getBytes(StandardCharsets.UTF_8));
            try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
                BackupResult result = TestFiles.backup(vault, source);
                assertEquals(List.of(), result.problems());
                Path target = dir.resolve("restore");
                RestoreResult restored = vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.directory(target)));
                assertEquals(List.of(new FileProblem("big.txt", "extended attribute user.big not restored: No space left on device")),
                        restored.problems());
                assertEquals("big", Files.readString(target.resolve("big.txt")));
                assertEquals("user.small=6f6b\n", TestFiles.extendedAttributes(target.resolve("big.txt")));
            }
        } finally {
            try (var walk = Files.walk(source)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Whether the file system of {@code file} takes a {@code user.big} attribute of {@code size} bytes (left set). */
    private static boolean accepts(Path file, int size) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", "-c", "import os,sys; os.setxattr(sys.argv[1], 'user.big', b'x' * int(sys.argv[2]))",
                file.toString(), Integer.toString(size)).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor() == 0;
    }
}
