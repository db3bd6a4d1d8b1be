package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holes stay holes: a restore does not turn a sparse file into a file of written zeros. */
class SparseFilesTest {
    private static final int HOLE = 51 * 1024 * 1024;

    @TempDir
    Path dir;

    private static void sparse(Path file, byte[] head, long hole, byte[] tail) throws Exception {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(head);
            out.setLength(head.length + hole);
            out.seek(head.length + hole);
            out.write(tail);
        }
    }

    @Test
    void sparseFilesStaySparseAndTheRootDirectoryKeepsItsTime() throws Exception {
        Random random = new Random(3);
        byte[] head = new byte[4096];
        random.nextBytes(head);
        byte[] tail = new byte[1000];
        random.nextBytes(tail);
        Path source = Files.createDirectories(dir.resolve("source"));
        // written with direct I/O (large), through the page cache (one chunk), and a hole at the very end
        sparse(source.resolve("large"), head, HOLE, new byte[0]);
        sparse(source.resolve("small"), head, 100_000, tail);
        sparse(source.resolve("ends-in-a-hole"), tail, 3 * 1024 * 1024, new byte[0]);
        Files.write(source.resolve("dense"), head);
        TestFiles.setMtime(source, 981_173_106_123_456_789L);
        assertTrue(TestFiles.allocatedBytes(source.resolve("large")) < 64 * 1024, "the source is sparse");

        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            var expected = TestFiles.capture(source);
            Path target = TestFiles.restore(vault, id, dir.resolve("restore"));
            TestFiles.assertSameTree(expected, TestFiles.capture(target), "sparse files");
            assertEquals(4096 + HOLE, Files.size(target.resolve("large")));
            long large = TestFiles.allocatedBytes(target.resolve("large"));
            assertTrue(large <= 64 * 1024, "51 MB of hole restored as " + large + " bytes allocated");
            long small = TestFiles.allocatedBytes(target.resolve("small"));
            assertTrue(small <= 16 * 1024, "100 kB of hole restored as " + small + " bytes allocated");
            long endsInAHole = TestFiles.allocatedBytes(target.resolve("ends-in-a-hole"));
            assertTrue(endsInAHole <= 64 * 1024, "3 MiB of hole restored as " + endsInAHole + " bytes allocated");
            assertEquals(4096, TestFiles.allocatedBytes(target.resolve("dense")), "data is written");
            assertEquals(Files.getAttribute(source, "unix:lastModifiedTime"), Files.getAttribute(target, "unix:lastModifiedTime"),
                    "the restored root directory has the source's mtime");
        }
    }
}
