package dev.hokan.store.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of the target swapped for a symlink to somewhere else while a restore runs, as whoever may write in a
 * target restored in place can do between two of the restore's steps: nothing is written, changed or removed through
 * the symlink, whichever step comes next.
 */
class SwappedDirectoryTest {
    private static final Node FILE = Node.builder().name("victim.txt").type(NodeType.FILE).mode(0644).build();

    @TempDir
    Path dir;
    Path target;
    Path outside;
    Path docs;
    DirectorySink sink;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("victim.txt"), "must not change");
        Files.setAttribute(outside.resolve("victim.txt"), "unix:mode", 0600);
        Files.writeString(Files.createDirectories(outside.resolve("tree")).resolve("kept.txt"), "kept");
        target = dir.resolve("target");
        sink = new DirectorySink(target, true);
        sink.open(true);
        Files.writeString(target.resolve("first"), "a file restored earlier");
        docs = sink.child(target, "docs");
        sink.directory(docs);
    }

    @AfterEach
    void tearDown() throws IOException {
        sink.ended();
    }

    @Test
    void noStepOfARestoreGoesThroughADirectorySwappedForASymlink() throws Exception {
        Map<String, TestFiles.Entry> before = TestFiles.capture(outside);
        Files.delete(docs);
        Files.createSymbolicLink(docs, outside);

        assertThrows(IOException.class, () -> sink.file(sink.child(docs, "victim.txt"), 5));
        assertThrows(IOException.class, () -> sink.file(sink.child(docs, "new.txt"), 5));
        assertThrows(IOException.class, () -> sink.file(sink.child(docs, "tree"), 5));
        assertThrows(IOException.class, () -> sink.directory(sink.child(docs, "made")));
        assertThrows(IOException.class, () -> sink.symlink(sink.child(docs, "link"), Node.builder().name("link")
                .type(NodeType.SYMLINK).linkTarget("/etc").build()));
        assertThrows(IOException.class, () -> sink.special(sink.child(docs, "pipe"), Node.builder().name("pipe")
                .type(NodeType.NAMED_PIPE).mode(0666).build()));
        assertThrows(IOException.class, () -> sink.link(sink.child(docs, "hard"), sink.child(target, "first")));
        assertThrows(IOException.class, () -> sink.metadata(sink.child(docs, "victim.txt"), FILE));
        Node asOutside = FILE.toBuilder().mtimeNanos(Files.getLastModifiedTime(outside.resolve("victim.txt"))
                .to(TimeUnit.NANOSECONDS)).build();
        assertFalse(sink.holds(sink.child(docs, "victim.txt"), asOutside, 15), "a file outside is not taken as restored");

        assertEquals(before, TestFiles.capture(outside), "nothing outside the target was made, changed or removed");
        assertEquals(0600, (int) Files.getAttribute(outside.resolve("victim.txt"), "unix:mode") & 0777);
    }

    @Test
    void aDirectoryMovedAwayAfterTheRestoreWentInKeepsWhatIsWrittenThere() throws Exception {
        write(sink.file(sink.child(docs, "one.txt"), 3), "one");
        Map<String, TestFiles.Entry> before = TestFiles.capture(outside);
        Path moved = target.resolve("docs-moved");
        Files.move(docs, moved);
        Files.createSymbolicLink(docs, outside);

        write(sink.file(sink.child(docs, "two.txt"), 3), "two");

        assertEquals(before, TestFiles.capture(outside), "nothing was written through the symlink");
        assertEquals("two", Files.readString(moved.resolve("two.txt")), "the directory the restore opened got it");
    }

    @Test
    void aDirectoryInTheWayIsRemovedWithoutFollowingASymlinkInIt() throws Exception {
        Path inTheWay = Files.createDirectories(sink.child(docs, "old").resolve("deeper"));
        Files.createSymbolicLink(inTheWay.resolve("escape"), outside);
        Files.writeString(inTheWay.resolve("old.txt"), "old");
        Map<String, TestFiles.Entry> before = TestFiles.capture(outside);

        write(sink.file(sink.child(docs, "old"), 3), "new");

        assertEquals("new", Files.readString(docs.resolve("old")));
        assertEquals(before, TestFiles.capture(outside));
        assertTrue(Files.exists(outside.resolve("tree/kept.txt")));
    }

    @Test
    void aNamedPipeSwappedForASymlinkBeforeItsModeIsSetIsRefused() throws Exception {
        Path pipe = sink.child(docs, "pipe");
        Files.writeString(pipe, "stands in for a pipe just made");
        Files.delete(pipe);
        Files.createSymbolicLink(pipe, outside.resolve("victim.txt"));

        assertThrows(IOException.class, () -> sink.metadata(pipe, Node.builder().name("pipe")
                .type(NodeType.NAMED_PIPE).mode(0666).build()));
        assertEquals(0600, (int) Files.getAttribute(outside.resolve("victim.txt"), "unix:mode") & 0777);
    }

    @Test
    void aFailureNamesTheEntryAsTheRestoreKnowsIt() throws Exception {
        DirectorySink fresh = new DirectorySink(dir.resolve("fresh"), false);
        Path taken = fresh.child(fresh.open(true), "taken");
        Files.writeString(taken, "put there while the restore ran");
        try {
            FileAlreadyExistsException failure = assertThrows(FileAlreadyExistsException.class,
                    () -> fresh.directory(taken));
            assertEquals(taken.toString(), failure.getFile());
        } finally {
            fresh.ended();
        }
    }

    private static void write(RestoreSink.ContentWriter file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        file.write(bytes, bytes.length, 0);
        file.finish(FILE.toBuilder().size(bytes.length).build());
    }
}
