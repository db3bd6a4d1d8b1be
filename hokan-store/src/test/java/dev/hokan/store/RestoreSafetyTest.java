package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.parts.WriteSession;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.restore.TargetNotEmptyException;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restores write only inside their target: non-empty targets, existing symlinks and hostile snapshots. */
class RestoreSafetyTest {
    @TempDir
    Path dir;
    Path source;
    Path outside;
    Vault vault;
    String snapshot;
    Map<String, TestFiles.Entry> expected;

    @BeforeEach
    void setUp() throws Exception {
        source = dir.resolve("source");
        outside = dir.resolve("outside-dir");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("victim.txt"), "must not change");
        Files.createDirectories(source.resolve("sub/deeper"));
        Files.writeString(source.resolve("sub/file.txt"), "inside sub");
        Files.writeString(source.resolve("sub/deeper/more.txt"), "deeper");
        Files.writeString(source.resolve("file.txt"), "top file");
        Files.writeString(source.resolve("victim.txt"), "snapshot content");
        Files.writeString(source.resolve("d"), "d is a file in the snapshot");
        Files.writeString(source.resolve("hard"), "hard in the snapshot");
        vault = TestFiles.createVault(dir, "vault", MasterKey.generate());
        snapshot = TestFiles.backup(vault, source).snapshotId();
        expected = TestFiles.capture(source);
    }

    @AfterEach
    void tearDown() throws IOException {
        vault.close();
        TestFiles.removeSymlinks(dir);
    }

    private Map<String, TestFiles.Entry> outsideState() throws IOException {
        return TestFiles.capture(outside);
    }

    @Test
    void aNonEmptyTargetIsRefusedUnlessOverwriteIsAllowed() throws Exception {
        Path target = dir.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("file.txt"), "old content");
        Files.writeString(target.resolve("unrelated.txt"), "unrelated");

        assertThrows(TargetNotEmptyException.class, () -> vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(target))));
        assertEquals("old content", Files.readString(target.resolve("file.txt")), "a refused restore must not write");
        assertEquals(List.of("file.txt", "unrelated.txt"), list(target));

        // a hidden file makes a directory non-empty too
        Path hidden = dir.resolve("hidden");
        Files.createDirectories(hidden);
        Files.writeString(hidden.resolve(".dotfile"), "x");
        assertThrows(TargetNotEmptyException.class, () -> vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(hidden))));

        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(target, true), List.of(), ProgressListener.NONE));
        Map<String, TestFiles.Entry> restored = TestFiles.capture(target);
        for (var entry : expected.entrySet()) {
            assertEquals(entry.getValue().describe(), restored.get(entry.getKey()).describe(), entry.getKey());
        }
        assertEquals("top file", Files.readString(target.resolve("file.txt")));

        // an empty existing target and a missing one are fine without overwrite
        Path empty = Files.createDirectories(dir.resolve("empty"));
        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(empty)));
        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(dir.resolve("missing/nested/target"))));
        assertEquals("deeper", Files.readString(dir.resolve("missing/nested/target/sub/deeper/more.txt")));
    }

    private static List<String> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void existingSymlinksInTheTargetAreNeverFollowed() throws Exception {
        Map<String, TestFiles.Entry> before = outsideState();
        Path target = dir.resolve("target");
        Files.createDirectories(target);
        // a directory symlink where the snapshot has a directory
        Files.createSymbolicLink(target.resolve("sub"), outside);
        // a file symlink where the snapshot has a file
        Files.createSymbolicLink(target.resolve("victim.txt"), outside.resolve("victim.txt"));
        // a directory (holding a symlink out) where the snapshot has a file
        Files.createDirectories(target.resolve("d"));
        Files.createSymbolicLink(target.resolve("d/escape"), outside);
        // a hard link to an outside file where the snapshot has a file
        Files.createLink(target.resolve("hard"), outside.resolve("victim.txt"));

        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(target, true), List.of(), ProgressListener.NONE));

        assertEquals(before, outsideState(), "nothing outside the target may change");
        assertEquals("must not change", Files.readString(outside.resolve("victim.txt")));
        assertFalse(Files.isSymbolicLink(target.resolve("sub")));
        assertTrue(Files.isDirectory(target.resolve("sub")));
        assertEquals("inside sub", Files.readString(target.resolve("sub/file.txt")));
        assertFalse(Files.isSymbolicLink(target.resolve("victim.txt")));
        assertEquals("snapshot content", Files.readString(target.resolve("victim.txt")));
        assertEquals("d is a file in the snapshot", Files.readString(target.resolve("d")));
        assertEquals("hard in the snapshot", Files.readString(target.resolve("hard")));
        TestFiles.assertSameTree(expected, TestFiles.capture(target), "overwrite restore");
    }

    @Test
    void existingSymlinksAreNotFollowedWhenRestoringChosenPaths() throws Exception {
        Map<String, TestFiles.Entry> before = outsideState();
        Path target = dir.resolve("target");
        Files.createDirectories(target);
        Files.createSymbolicLink(target.resolve("sub"), outside);
        vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(target, true), List.of("sub/deeper/more.txt", "sub/file.txt"), ProgressListener.NONE));
        assertEquals(before, outsideState());
        assertFalse(Files.isSymbolicLink(target.resolve("sub")));
        assertEquals("deeper", Files.readString(target.resolve("sub/deeper/more.txt")));
    }

    @Test
    void aSymlinkOrFileAsTargetIsRefused() throws Exception {
        Path link = dir.resolve("link-target");
        Files.createSymbolicLink(link, outside);
        assertThrows(IOException.class, () -> vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(link, true), List.of(), ProgressListener.NONE)));
        Path file = dir.resolve("file-target");
        Files.writeString(file, "x");
        assertThrows(IOException.class, () -> vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(file, true), List.of(), ProgressListener.NONE)));
        assertEquals(Map.of("victim.txt", TestFiles.capture(outside).get("victim.txt")), outsideState());
        assertEquals("x", Files.readString(file));
    }

    // ---- hostile snapshots, written with the vault's own keys ----

    private ChunkId storeData(WriteSession writer, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ChunkId id = vault.parts().keys().hasher().hash(data, 0, data.length);
        writer.store(BlobType.DATA, id, data, 0, data.length);
        return id;
    }

    private ChunkId storeTree(WriteSession writer, List<Node> nodes) throws IOException {
        byte[] encoded = new Tree(nodes).encode();
        ChunkId id = vault.parts().keys().hasher().hash(encoded, 0, encoded.length);
        writer.store(BlobType.TREE, id, encoded, 0, encoded.length);
        return id;
    }

    private static long inode = 1000;

    private static Node file(String name, ChunkId content, long size) {
        return Node.builder()
                .name(name)
                .type(NodeType.FILE)
                .mode(0644)
                .uid(0)
                .gid(0)
                .mtimeNanos(1_000_000_000L)
                .ctimeNanos(1_000_000_000L)
                .inode(inode++)
                .device(1)
                .links(1)
                .size(size)
                .content(content == null ? List.of() : List.of(content))
                .build();
    }

    private static Node directory(String name, ChunkId subtree) {
        return Node.builder()
                .name(name)
                .type(NodeType.DIRECTORY)
                .mode(0755)
                .uid(0)
                .gid(0)
                .mtimeNanos(1_000_000_000L)
                .ctimeNanos(1_000_000_000L)
                .inode(inode++)
                .device(1)
                .links(2)
                .size(0)
                .subtree(subtree)
                .build();
    }

    private static Node symlink(String name, String target) {
        return Node.builder()
                .name(name)
                .type(NodeType.SYMLINK)
                .mode(0777)
                .uid(0)
                .gid(0)
                .mtimeNanos(1_000_000_000L)
                .ctimeNanos(1_000_000_000L)
                .inode(inode++)
                .device(1)
                .links(1)
                .size(0)
                .linkTarget(target)
                .build();
    }

    private interface TreeBuilder {
        ChunkId build(WriteSession writer, ChunkId evil) throws IOException;
    }

    private String hostileSnapshot(TreeBuilder builder) throws IOException {
        ChunkId root;
        try (WriteSession writer = vault.parts().startWriting()) {
            ChunkId evil = storeData(writer, "pwned");
            root = builder.build(writer, evil);
            writer.commit();
        }
        Manifest manifest = new Manifest(ObjectId.random(), "hostile", Instant.now(), SnapshotStatus.COMPLETE, Map.of(), root, "",
                "/hostile", "attacker", 1, 5, List.of(), List.of());
        vault.parts().manifests().write(manifest);
        return manifest.id().hex();
    }

    /** Everything in the test directory except the restore target, to prove nothing appeared elsewhere. */
    private List<String> everythingOutside(Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.startsWith(target) && !p.startsWith(dir.resolve("vault")) && !p.startsWith(dir.resolve("vault-cache")))
                    .map(Path::toString).sorted().toList();
        }
    }

    @Test
    void hostileNamesInASnapshotAreRefused() throws Exception {
        List<TreeBuilder> hostile = new ArrayList<>();
        hostile.add((w, evil) -> storeTree(w, List.of(file("..", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file(".", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file("", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file("../evil", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file("../../evil", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file("a/b", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file(outside.resolve("evil").toString(), evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file("nul\0byte", evil, 5))));
        hostile.add((w, evil) -> storeTree(w, List.of(file("ok", evil, 5), directory("..", storeTree(w, List.of(file("evil", evil, 5)))))));
        hostile.add((w, evil) -> storeTree(w, List.of(directory("a", storeTree(w, List.of(file("../../evil", evil, 5)))))));
        hostile.add((w, evil) -> storeTree(w, List.of(directory("a", storeTree(w, List.of(directory("..", storeTree(w,
                List.of(directory("..", storeTree(w, List.of(file("evil", evil, 5)))))))))))));
        // a symlink out, then a directory of the same name to write through it (either order)
        hostile.add((w, evil) -> storeTree(w, List.of(symlink("link", outside.toString()),
                directory("link", storeTree(w, List.of(file("evil", evil, 5)))))));
        hostile.add((w, evil) -> storeTree(w, List.of(directory("link", storeTree(w, List.of(file("evil", evil, 5)))),
                symlink("link", outside.toString()))));
        hostile.add((w, evil) -> storeTree(w, List.of(symlink("link", outside.resolve("victim.txt").toString()), file("link", evil, 5))));

        Map<String, TestFiles.Entry> before = outsideState();
        Files.createDirectories(dir.resolve("work"));
        for (int i = 0; i < hostile.size(); i++) {
            String id = hostileSnapshot(hostile.get(i));
            Path target = dir.resolve("work/target-" + i);
            List<String> beforeRestore = everythingOutside(target);
            assertThrows(IOException.class, () -> vault.restore(new RestoreRequest(id, RestoreSink.directory(target))), "hostile snapshot " + i);
            assertEquals(beforeRestore, everythingOutside(target), "hostile snapshot " + i + " wrote outside its target");
            assertEquals(before, outsideState(), "hostile snapshot " + i + " changed the outside directory");
            assertFalse(Files.exists(dir.resolve("evil")) || Files.exists(dir.resolve("work/evil")), "hostile snapshot " + i);
            TestFiles.removeSymlinks(dir.resolve("work"));
        }
        assertFalse(Files.exists(outside.resolve("evil")));
        assertEquals("must not change", Files.readString(outside.resolve("victim.txt")));
    }

    @Test
    void aSymlinkPointingOutIsRestoredAsASymlinkAndNothingIsWrittenThroughIt() throws Exception {
        Map<String, TestFiles.Entry> before = outsideState();
        String id = hostileSnapshot((w, evil) -> storeTree(w, List.of(symlink("out", outside.toString()),
                symlink("victim", outside.resolve("victim.txt").toString()), file("plain", evil, 5))));
        Path target = dir.resolve("target");
        vault.restore(new RestoreRequest(id, RestoreSink.directory(target)));
        assertTrue(Files.isSymbolicLink(target.resolve("out")));
        assertEquals(outside, Files.readSymbolicLink(target.resolve("out")));
        assertEquals("pwned", Files.readString(target.resolve("plain")));
        assertEquals(before, outsideState());

        // restoring paths through that symlink is refused
        Path second = dir.resolve("second");
        vault.restore(new RestoreRequest(id, RestoreSink.directory(second), List.of("out"), ProgressListener.NONE));
        assertThrows(IOException.class, () -> vault.restore(
                new RestoreRequest(id, RestoreSink.directory(second, true), List.of("out/evil"), ProgressListener.NONE)));
        assertEquals(before, outsideState());
    }

    /** A symlink target the file system cannot hold fails as an IOException, like any other damaged snapshot. */
    @Test
    void aSymlinkTargetWithANulByteFailsAsAnIOException() throws Exception {
        String id = hostileSnapshot((w, evil) -> storeTree(w, List.of(symlink("nul-target", "a\0b"))));
        assertThrows(IOException.class, () -> vault.restore(new RestoreRequest(id, RestoreSink.directory(dir.resolve("target")))));
    }
}
