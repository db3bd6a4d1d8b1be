package dev.hokan.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written chunk by chunk, with chunk boundaries anywhere and chunks arriving in any order from several
 * threads, come out byte for byte: through direct I/O in whole blocks, and through the page cache.
 */
class RestoredFileTest {
    @TempDir
    Path dir;

    @Test
    void theTargetFileSystemTakesDirectWrites() throws Exception {
        // The temporary directory is on the same file system as the benchmark's; if it stopped taking
        // direct I/O, the tests here would only test the page-cache path.
        RestoredFile.Writing writing = new RestoredFile.Writing(dir);
        writing.create(dir.resolve("probe"), RestoredFile.DIRECT_MIN_SIZE).abandon();
        assertTrue(writing.direct(), "direct I/O is available under " + dir);
    }

    @Test
    void directWritesAssembleFilesOfAnyShape() throws Exception {
        checkRandomFiles(new RestoredFile.Writing(dir), 11);
    }

    @Test
    void pageCacheWritesAssembleFilesOfAnyShape() throws Exception {
        checkRandomFiles(new RestoredFile.Writing(0), 12);
    }

    @Test
    void edgeShapesAroundBlockBoundaries() throws Exception {
        RestoredFile.Writing writing = new RestoredFile.Writing(dir);
        int block = 4096;
        long min = RestoredFile.DIRECT_MIN_SIZE;
        // sizes just around block multiples, with cuts just around block boundaries and tiny chunks inside one block
        long[] sizes = {0, min, min + 1, min - 1 + block, min + 3 * block, min + 3 * block + 1};
        Random random = new Random(5);
        int n = 0;
        for (long size : sizes) {
            for (int[] cutsAroundBlocks : new int[][] {{}, {1}, {-1}, {block - 1, block, block + 1}, {5, 7, 9}}) {
                List<Long> cuts = new ArrayList<>();
                for (int cut : cutsAroundBlocks) {
                    long at = cut < 0 ? size + cut : cut + (size > 4 * block ? 2L * block : 0);
                    if (at > 0 && at < size && !cuts.contains(at)) {
                        cuts.add(at);
                    }
                }
                Collections.sort(cuts);
                checkFile(writing, dir.resolve("edge-" + n++), randomBytes(random, (int) size), cuts, random);
            }
        }
    }

    @Test
    void directWritesLeaveZerosAsHoles() throws Exception {
        checkSparseFiles(new RestoredFile.Writing(dir), 13);
    }

    @Test
    void pageCacheWritesLeaveZerosAsHoles() throws Exception {
        checkSparseFiles(new RestoredFile.Writing(0), 14);
    }

    /** Files of random data with long runs of zeros anywhere, cut anywhere: byte for byte, and the zeros not allocated. */
    private void checkSparseFiles(RestoredFile.Writing writing, long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 12; i++) {
            int size = (int) RestoredFile.DIRECT_MIN_SIZE + random.nextInt(4 << 20);
            byte[] content = randomBytes(random, size);
            for (int run = 0; run < 3; run++) {
                int length = Math.min(size / 4, 64 * 1024 + random.nextInt(1 << 20));
                int from = random.nextInt(size - length);
                Arrays.fill(content, from, from + length, (byte) 0);
            }
            long dataBlocks = 0;
            for (int block = 0; block < size; block += 4096) {
                int end = Math.min(size, block + 4096);
                if (end == size || Arrays.mismatch(content, block, end, new byte[end - block], 0, end - block) >= 0) {
                    dataBlocks++;
                }
            }
            Path path = dir.resolve("sparse-" + seed + "-" + i);
            checkFile(writing, path, content, randomCuts(random, size, 8), random);
            long allocated = TestFiles.allocatedBytes(path);
            // the file system may add a block of its own bookkeeping (ext4's extent tree)
            assertTrue(allocated <= (dataBlocks + 1) * 4096, path + ": " + allocated + " bytes allocated for " + dataBlocks + " blocks of data");
        }
    }

    @Test
    void aChunkPastTheRecordedSizeIsRefused() throws Exception {
        RestoredFile file = new RestoredFile.Writing(dir).create(dir.resolve("short"), 300_000);
        assertThrows(IOException.class, () -> file.write(new byte[1000], 1000, 299_500));
        file.abandon();
        assertFalse(Files.exists(dir.resolve("short")));
    }

    @Test
    void finishingWithContentMissingFails() throws Exception {
        RestoredFile file = new RestoredFile.Writing(dir).create(dir.resolve("holes"), 300_001);
        file.write(new byte[100_000], 100_000, 0);
        file.write(new byte[200_000], 200_000, 100_001);
        assertThrows(IOException.class, file::finish);
        assertFalse(Files.exists(dir.resolve("holes")), "a file with holes is not left behind");
    }

    private void checkRandomFiles(RestoredFile.Writing writing, long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 40; i++) {
            int size = switch (i % 4) {
                case 0 -> random.nextInt(10_000);
                case 1 -> (int) RestoredFile.DIRECT_MIN_SIZE + random.nextInt(3 * 4096);
                default -> random.nextInt(3 << 20);
            };
            List<Long> cuts = randomCuts(random, size, 12);
            checkFile(writing, dir.resolve("file-" + seed + "-" + i), randomBytes(random, size), cuts, random);
        }
    }

    /** Fewer than {@code maxPieces} distinct positions inside a file of {@code size} bytes, sorted. */
    private static List<Long> randomCuts(Random random, int size, int maxPieces) {
        List<Long> cuts = new ArrayList<>();
        int pieces = random.nextInt(maxPieces);
        for (int c = 0; c < pieces && size > 1; c++) {
            long cut = 1 + random.nextInt(size - 1);
            if (!cuts.contains(cut)) {
                cuts.add(cut);
            }
        }
        Collections.sort(cuts);
        return cuts;
    }

    /** Writes {@code content} cut at {@code cuts}, the pieces in random order from four threads, and reads it back. */
    private static void checkFile(RestoredFile.Writing writing, Path path, byte[] content, List<Long> cuts, Random random)
            throws Exception {
        List<long[]> pieces = new ArrayList<>();
        long start = 0;
        for (long cut : cuts) {
            pieces.add(new long[] {start, cut});
            start = cut;
        }
        if (start < content.length) {
            pieces.add(new long[] {start, content.length});
        }
        Collections.shuffle(pieces, random);
        RestoredFile file = writing.create(path, content.length);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (long[] piece : pieces) {
                writes.add(threads.submit(() -> {
                    byte[] chunk = Arrays.copyOfRange(content, (int) piece[0], (int) piece[1]);
                    file.write(chunk, chunk.length, piece[0]);
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            threads.shutdown();
        }
        file.finish();
        assertEquals(content.length, Files.size(path), path + " has its size");
        assertArrayEquals(content, Files.readAllBytes(path), path + " has its content");
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
