package dev.hokan.store.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final int MIB = 1024 * 1024;
    private static final ChunkerParams SMALL = new ChunkerParams(2 * 1024, 8 * 1024, 32 * 1024);

    /** Cuts a whole buffer the way the archiver does: each call sees the rest of the input. */
    static List<Integer> cuts(Chunker chunker, byte[] data) {
        List<Integer> lengths = new ArrayList<>();
        int offset = 0;
        while (offset < data.length) {
            int length = chunker.cut(data, offset, data.length - offset);
            assertTrue(length > 0, "a cut must make progress");
            lengths.add(length);
            offset += length;
        }
        return lengths;
    }

    static List<String> chunkHashes(Chunker chunker, byte[] data) throws Exception {
        List<String> hashes = new ArrayList<>();
        int offset = 0;
        for (int length : cuts(chunker, data)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, offset, length);
            hashes.add(HexFormat.of().formatHex(sha.digest()));
            offset += length;
        }
        return hashes;
    }

    static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    /** Chunks of {@code changed} that do not occur in {@code original}. */
    static int differing(List<String> original, List<String> changed) {
        Set<String> known = new HashSet<>(original);
        return (int) changed.stream().filter(h -> !known.contains(h)).count();
    }

    private static void assertBounds(ChunkerParams params, List<Integer> lengths, int total) {
        assertEquals(total, lengths.stream().mapToLong(Integer::longValue).sum(), "chunks must cover the input exactly");
        for (int i = 0; i < lengths.size(); i++) {
            int length = lengths.get(i);
            assertTrue(length <= params.max(), "chunk " + i + " longer than max: " + length);
            if (i < lengths.size() - 1) {
                assertTrue(length >= params.min(), "chunk " + i + " shorter than min: " + length);
            } else {
                assertTrue(length >= 1, "final chunk is empty");
            }
        }
    }

    @Test
    void chunksRespectMinAndMaxExceptTheFinalOne() {
        for (ChunkerParams params : List.of(SMALL, ChunkerParams.DEFAULT)) {
            Chunker chunker = new Chunker(params, 42);
            for (int size : new int[] {0, 1, params.min() - 1, params.min(), params.min() + 1, params.average(),
                    params.max() - 1, params.max(), params.max() + 1, 3 * params.max() + 17, 8 * MIB + 5}) {
                byte[] data = random(size, size);
                assertBounds(params, cuts(chunker, data), size);
            }
            // low-entropy data gives the rolling hash nothing to find: chunks are cut at max
            byte[] zeros = new byte[5 * params.max() + 3];
            assertBounds(params, cuts(chunker, zeros), zeros.length);
            byte[] repeated = new byte[5 * params.max()];
            for (int i = 0; i < repeated.length; i++) {
                repeated[i] = (byte) (i % 7);
            }
            assertBounds(params, cuts(chunker, repeated), repeated.length);
        }
    }

    @Test
    void cutNeverLooksBeyondMaxAndIsIndependentOfTrailingInput() {
        Chunker chunker = new Chunker(SMALL, 7);
        byte[] data = random(1, 4 * SMALL.max());
        // the cut of the first chunk depends only on the first max bytes
        int withEverything = chunker.cut(data, 0, data.length);
        int withExactlyMax = chunker.cut(data, 0, SMALL.max());
        assertEquals(withEverything, withExactlyMax);
        byte[] altered = data.clone();
        for (int i = SMALL.max(); i < altered.length; i++) {
            altered[i] ^= 0x5A;
        }
        assertEquals(withEverything, chunker.cut(altered, 0, altered.length));
        // offsets are honoured
        byte[] shifted = new byte[data.length + 100];
        System.arraycopy(data, 0, shifted, 100, data.length);
        assertEquals(withEverything, chunker.cut(shifted, 100, data.length));
    }

    @Test
    void cuttingIsDeterministicForASeedAndDiffersBetweenSeeds() {
        byte[] data = random(99, 4 * MIB);
        List<Integer> first = cuts(new Chunker(SMALL, 1234), data);
        List<Integer> again = cuts(new Chunker(SMALL, 1234), data);
        List<Integer> otherSeed = cuts(new Chunker(SMALL, 1235), data);
        assertEquals(first, again);
        assertFalse(first.equals(otherSeed), "a different seed must give different boundaries");
        // not just a shift: most boundary positions differ
        Set<Long> positions = boundaries(first);
        long shared = boundaries(otherSeed).stream().filter(positions::contains).count();
        assertTrue(shared < positions.size() / 4, "too many shared boundaries between seeds: " + shared + " of " + positions.size());

        byte[] big = random(100, 24 * MIB);
        assertEquals(cuts(new Chunker(ChunkerParams.DEFAULT, 5), big), cuts(new Chunker(ChunkerParams.DEFAULT, 5), big));
        assertFalse(cuts(new Chunker(ChunkerParams.DEFAULT, 5), big).equals(cuts(new Chunker(ChunkerParams.DEFAULT, 6), big)));
    }

    private static Set<Long> boundaries(List<Integer> lengths) {
        Set<Long> result = new HashSet<>();
        long position = 0;
        for (int length : lengths) {
            position += length;
            result.add(position);
        }
        return result;
    }

    @Test
    void insertionInTheMiddleChangesOnlyNearbyChunks() throws Exception {
        byte[] original = random(2024, 32 * MIB);
        for (ChunkerParams params : List.of(ChunkerParams.DEFAULT, SMALL)) {
            Chunker chunker = new Chunker(params, 77);
            List<String> before = chunkHashes(chunker, original);
            assertTrue(before.size() > 10, "expected many chunks, got " + before.size());
            for (int insertAt : new int[] {original.length / 2, original.length / 3 + 12345}) {
                byte[] inserted = ByteBuffer.allocate(original.length + 7)
                        .put(original, 0, insertAt).put(new byte[] {1, 2, 3, 4, 5, 6, 7})
                        .put(original, insertAt, original.length - insertAt).array();
                List<String> after = chunkHashes(chunker, inserted);
                int changed = differing(before, after);
                assertTrue(changed >= 1 && changed <= 3, params + ": " + changed + " of " + after.size() + " chunks changed by an insertion");
                assertTrue(differing(after, before) <= 3, "too many original chunks lost");
            }
        }
    }

    @Test
    void deletionInTheMiddleChangesOnlyNearbyChunks() throws Exception {
        byte[] original = random(4048, 32 * MIB);
        for (ChunkerParams params : List.of(ChunkerParams.DEFAULT, SMALL)) {
            Chunker chunker = new Chunker(params, 78);
            List<String> before = chunkHashes(chunker, original);
            int at = original.length / 2 + 999;
            int removed = 13;
            byte[] deleted = ByteBuffer.allocate(original.length - removed)
                    .put(original, 0, at).put(original, at + removed, original.length - at - removed).array();
            List<String> after = chunkHashes(chunker, deleted);
            int changed = differing(before, after);
            assertTrue(changed >= 1 && changed <= 3, params + ": " + changed + " of " + after.size() + " chunks changed by a deletion");
            assertTrue(differing(after, before) <= 3, "too many original chunks lost");
        }
    }

    @Test
    void appendingAndPrependingPreserveMostChunks() throws Exception {
        byte[] original = random(5, 8 * MIB);
        Chunker chunker = new Chunker(SMALL, 3);
        List<String> before = chunkHashes(chunker, original);
        byte[] appended = Arrays.copyOf(original, original.length + 1000);
        assertTrue(differing(before, chunkHashes(chunker, appended)) <= 2);
        byte[] prepended = ByteBuffer.allocate(original.length + 3).put(new byte[] {9, 9, 9}).put(original).array();
        assertTrue(differing(before, chunkHashes(chunker, prepended)) <= 3);
        // the reassembled chunks are the input
        List<Integer> lengths = cuts(chunker, prepended);
        ByteBuffer joined = ByteBuffer.allocate(prepended.length);
        int offset = 0;
        for (int length : lengths) {
            joined.put(prepended, offset, length);
            offset += length;
        }
        assertArrayEquals(prepended, joined.array());
    }

    @Test
    void averageChunkSizeIsNearTheConfiguredAverage() {
        for (ChunkerParams params : List.of(SMALL, ChunkerParams.DEFAULT)) {
            for (long seed = 1; seed <= 2; seed++) {
                byte[] data = random(seed * 31, params == SMALL ? 16 * MIB : 64 * MIB);
                List<Integer> lengths = cuts(new Chunker(params, seed), data);
                double average = (double) data.length / lengths.size();
                assertTrue(average > params.average() / 2.0 && average < params.average() * 2.0,
                        params + ": average chunk " + average + " over " + lengths.size() + " chunks");
                long atMax = lengths.stream().filter(l -> l == params.max()).count();
                assertTrue(atMax < lengths.size() / 10 + 1, "too many chunks forced at max: " + atMax + " of " + lengths.size());
            }
        }
    }
}
