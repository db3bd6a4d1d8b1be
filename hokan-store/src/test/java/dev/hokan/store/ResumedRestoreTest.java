package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreCheckpoint;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore records how many files, in the order it walks the snapshot, it has completed; a restore resumed from that
 * checkpoint into what an earlier run left leaves the files recorded complete that are still as restored, restores the
 * rest again, and ends with the whole tree.
 */
class ResumedRestoreTest {
    private static final int FILES_PER_DIRECTORY = 150;

    @TempDir
    Path dir;
    Path source;
    Vault vault;
    String snapshot;

    @BeforeEach
    void setUp() throws Exception {
        source = dir.resolve("source");
        SplittableRandom random = new SplittableRandom(7);
        // walked in name order: every file of a/ comes before every file of b/
        for (String sub : List.of("a", "b")) {
            Files.createDirectories(source.resolve(sub));
            for (int i = 0; i < FILES_PER_DIRECTORY; i++) {
                byte[] content = new byte[100 + random.nextInt(2000)];
                random.nextBytes(content);
                Files.write(source.resolve(sub).resolve(String.format("f%03d", i)), content);
            }
        }
        byte[] large = new byte[3 << 20];
        random.nextBytes(large);
        Files.write(source.resolve("b").resolve("large.bin"), large);
        Files.createLink(source.resolve("b").resolve("z-link"), source.resolve("a").resolve("f005"));
        // a copy, after the checkpoint, of a file before it: written with that file in a restore from the start
        Files.copy(source.resolve("a").resolve("f040"), source.resolve("b").resolve("copy-of-f040"));
        vault = TestFiles.createVault(dir, "vault", MasterKey.generate());
        snapshot = TestFiles.backup(vault, source).snapshotId();
    }

    @AfterEach
    void tearDown() throws IOException {
        vault.close();
    }

    @Test
    void aRestoreReportsTheFilesItCompletedInWalkOrderUpToAll() throws Exception {
        List<Long> reported = Collections.synchronizedList(new ArrayList<>());
        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(dir.resolve("target")), List.of(),
                recording(reported)));

        assertEquals(2L * FILES_PER_DIRECTORY + 3, reported.getLast(), "every file, the hard link's second name too");
        for (int i = 1; i < reported.size(); i++) {
            assertTrue(reported.get(i) > reported.get(i - 1), "only grows: " + reported);
        }
        TestFiles.assertSameTree(TestFiles.capture(source), TestFiles.capture(dir.resolve("target")), "restored");
    }

    @Test
    void aResumedRestoreKeepsWhatTheCheckpointCoversAndReplacesTheRest() throws Exception {
        Path target = dir.resolve("target");
        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(target)));
        Path a = target.resolve("a");
        Path b = target.resolve("b");
        // what an earlier run left: the files of a/ recorded complete (some changed since), those of b/ not, one of
        // them half written
        Files.write(a.resolve("f010"), new byte[10]);
        Files.writeString(a.resolve("f020"), "x".repeat((int) Files.size(a.resolve("f020"))));
        Files.delete(a.resolve("f030"));
        try (RandomAccessFile half = new RandomAccessFile(b.resolve("large.bin").toFile(), "rw")) {
            half.setLength(half.length() / 2);
        }
        for (int i = 1; i < FILES_PER_DIRECTORY; i++) {
            Files.delete(b.resolve(String.format("f%03d", i)));
        }
        Files.delete(b.resolve("z-link"));
        Files.delete(b.resolve("copy-of-f040"));
        // same size and time, other bytes: left as it is where the checkpoint covers it, restored again after it
        byte[] marker = sameSizeAndTimeOtherBytes(a.resolve("f040"));
        sameSizeAndTimeOtherBytes(b.resolve("f000"));

        List<Long> reported = Collections.synchronizedList(new ArrayList<>());
        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(target), List.of(), recording(reported),
                new RestoreCheckpoint(FILES_PER_DIRECTORY)));

        assertArrayEquals(marker, Files.readAllBytes(a.resolve("f040")), "a file recorded complete whose size and"
                + " time are as restored is left as it is");
        assertArrayEquals(Files.readAllBytes(source.resolve("a/f040")), Files.readAllBytes(b.resolve("copy-of-f040")),
                "its copy after the checkpoint is restored from the vault, not left out with it");
        Map<String, TestFiles.Entry> expected = new TreeMap<>(TestFiles.capture(source));
        Map<String, TestFiles.Entry> resumed = new TreeMap<>(TestFiles.capture(target));
        expected.remove("a/f040");
        resumed.remove("a/f040");
        TestFiles.assertSameTree(expected, resumed, "resumed");
        assertEquals(2L * FILES_PER_DIRECTORY + 3, reported.getLast());
    }

    @Test
    void aStreamCannotResumeARestore() throws Exception {
        Path one = Files.writeString(Files.createDirectories(dir.resolve("one")).resolve("only.txt"), "only");
        String single = TestFiles.backup(vault, one.getParent()).snapshotId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IOException refused = assertThrows(IOException.class, () -> vault.restore(new RestoreRequest(single,
                RestoreSink.stream(Channels.newChannel(out)), List.of(), ProgressListener.NONE,
                new RestoreCheckpoint(0))));
        assertTrue(refused.getMessage().contains("cannot go on"), refused.getMessage());
    }

    private static byte[] sameSizeAndTimeOtherBytes(Path file) throws IOException {
        FileTime time = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        byte[] other = Files.readAllBytes(file);
        for (int i = 0; i < other.length; i++) {
            other[i] = (byte) ~other[i];
        }
        Files.write(file, other);
        Files.setLastModifiedTime(file, time);
        return other;
    }

    private static ProgressListener recording(List<Long> reported) {
        return new ProgressListener() {
            @Override
            public void progress(long bytesDone, long bytesTotal) {
            }

            @Override
            public void filesComplete(long files) {
                reported.add(files);
            }
        };
    }
}
