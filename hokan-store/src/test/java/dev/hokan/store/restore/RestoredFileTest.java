package dev.hokan.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles;
import dev.hokan.store.posix.OpenDirectory;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written chunk by chunk, with chunk boundaries anywhere and chunks arriving in any order from several
 * threads, come out byte for byte: through direct I/O in whole blocks, and through the page cache.
 */
class RestoredFileTest {
    /** What each file is finished with: a time before 1970 with a fractional second, which the JDK cannot set. */
    private static final Node FINISHED = Node.builder().name("file").type(NodeType.FILE).mode(0640)
            .mtimeNanos(-123_456_789L).build();
    private static final RestoredFile.Metadata MODE_AND_TIME = (file, path, node) -> {
        file.changeMode(node.mode());
        file.setModifiedTime(node.mtimeNanos());
    };

    @TempDir
    Path dir;

    @Test
    void aFileIsItsOwnersAloneUntilItIsFinished() throws Exception {
        for (long size : new long[] {10, RestoredFile.DIRECT_MIN_SIZE}) {
            Path path = dir.resolve("private-" + size);
            RestoredFile file = create(new RestoredFile.Writing(dir, MODE_AND_TIME), path, size);
            assertEquals(0600, (int) Files.getAttribute(path, "unix:mode") & 0777, path + " while it fills");
            file.write(new byte[(int) size], (int) size, 0);
            file.finish(FINISHED);
            assertEquals(0640, (int) Files.getAttribute(path, "unix:mode") & 0777, path + " once finished");
        }
    }

    @Test
    void aFileWhoseMetadataCannotBeSetIsRemoved() throws Exception {
        RestoredFile.Metadata refused = (file, path, node) -> {
            throw new IOException("refused");
        };
        Path path = dir.resolve("refused");
        RestoredFile file = create(new RestoredFile.Writing(dir, refused), path, 5);
        file.write(new byte[5], 5, 0);
        assertThrows(IOException.class, () -> file.finish(FINISHED));
        assertFalse(Files.exists(path), "a file without its metadata is not left behind");
    }

    @Test
    void somethingInTheWayIsNeitherReplacedNorFollowed() throws Exception {
        Path taken = Files.writeString(dir.resolve("taken"), "earlier");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("elsewhere"));
        RestoredFile.Writing writing = new RestoredFile.Writing(dir, MODE_AND_TIME);
        assertThrows(FileAlreadyExistsException.class, () -> create(writing, taken, 10));
        assertThrows(FileAlreadyExistsException.class, () -> create(writing, link, RestoredFile.DIRECT_MIN_SIZE));
        assertEquals("earlier", Files.readString(taken));
        assertFalse(Files.exists(dir.resolve("elsewhere")), "the symlink's target was not created");
    }

    @Test
    void theTargetFileSystemTakesDirectWrites() throws Exception {
        // The temporary directory is on the same file system as the benchmark's; if it stopped taking
        // direct I/O, the tests here would only test the page-cache path.
        RestoredFile.Writing writing = new RestoredFile.Writing(dir, MODE_AND_TIME);
        create(writing, dir.resolve("probe"), RestoredFile.DIRECT_MIN_SIZE).abandon();
        assertTrue(writing.direct(), "direct I/O is available under " + dir);
    }

    @Test
    void directWritesAssembleFilesOfAnyShape() throws Exception {
        checkRandomFiles(new RestoredFile.Writing(dir, MODE_AND_TIME), 11);
    }

    @Test
    void pageCacheWritesAssembleFilesOfAnyShape() throws Exception {
        checkRandomFiles(new RestoredFile.Writing(0, MODE_AND_TIME), 12);
    }

    @Test
    void moreWritersThanCopiesLeftForTheWriterAssembleFilesToo() throws Exception {
        Random random = new Random(15);
        for (RestoredFile.Writing writing : List.of(new RestoredFile.Writing(dir, MODE_AND_TIME),
                new RestoredFile.Writing(0, MODE_AND_TIME))) {
            for (int i = 0; i < 4; i++) {
                int size = (3 << 20) + random.nextInt(1 << 20);
                checkFile(writing, dir.resolve("crowded-" + writing.direct() + "-" + i), randomBytes(random, size),
                        randomCuts(random, size, 96), random, 4 * RestoredFile.Writing.COPIES);
            }
        }
    }

    @Test
    void edgeShapesAroundBlockBoundaries() throws Exception {
        RestoredFile.Writing writing = new RestoredFile.Writing(dir, MODE_AND_TIME);
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
        checkSparseFiles(new RestoredFile.Writing(dir, MODE_AND_TIME), 13);
    }

    @Test
    void pageCacheWritesLeaveZerosAsHoles() throws Exception {
        checkSparseFiles(new RestoredFile.Writing(0, MODE_AND_TIME), 14);
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
        RestoredFile file = create(new RestoredFile.Writing(dir, MODE_AND_TIME), dir.resolve("short"), 300_000);
        assertThrows(IOException.class, () -> file.write(new byte[1000], 1000, 299_500));
        file.abandon();
        assertFalse(Files.exists(dir.resolve("short")));
    }

    @Test
    void finishingWithContentMissingFails() throws Exception {
        RestoredFile file = create(new RestoredFile.Writing(dir, MODE_AND_TIME), dir.resolve("holes"), 300_001);
        file.write(new byte[100_000], 100_000, 0);
        file.write(new byte[200_000], 200_000, 100_001);
        assertThrows(IOException.class, () -> file.finish(FINISHED));
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
        checkFile(writing, path, content, cuts, random, 4);
    }

    private static void checkFile(RestoredFile.Writing writing, Path path, byte[] content, List<Long> cuts, Random random,
            int threadCount) throws Exception {
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
        RestoredFile file = create(writing, path, content.length);
        ExecutorService threads = Executors.newFixedThreadPool(threadCount);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (long[] piece : pieces) {
                writes.add(threads.submit(() -> {
                    byte[] chunk = Arrays.copyOfRange(content, (int) piece[0], (int) piece[1]);
                    file.write(chunk, chunk.length, piece[0]);
                    // the buffer is the caller's again, as a restore worker's is for its next chunk
                    Arrays.fill(chunk, (byte) 0x5A);
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            threads.shutdown();
        }
        file.finish(FINISHED);
        assertEquals(content.length, Files.size(path), path + " has its size");
        assertArrayEquals(content, Files.readAllBytes(path), path + " has its content");
        assertEquals(0640, (int) Files.getAttribute(path, "unix:mode") & 07777, path + " has its mode");
        assertEquals(FINISHED.mtimeNanos(), Files.getLastModifiedTime(path).to(TimeUnit.NANOSECONDS), path + " has its time");
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Creates the file at {@code path} as a restore does: by its name in its directory, held open for the call. */
    private static RestoredFile create(RestoredFile.Writing writing, Path path, long size) throws IOException {
        try (OpenDirectory directory = OpenDirectory.open(path.getParent())) {
            return writing.create(directory, path.getFileName().toString(), size, () -> Files.deleteIfExists(path));
        }
    }
}
