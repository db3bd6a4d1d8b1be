package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.copy.BatchReceipt;
import dev.hokan.store.copy.CopyBlob;
import dev.hokan.store.copy.CopyDestination;
import dev.hokan.store.copy.CopyManifest;
import dev.hokan.store.copy.CopyReceiver;
import dev.hokan.store.copy.CopyRefusedException;
import dev.hokan.store.copy.CopyResult;
import dev.hokan.store.copy.CopySender;
import dev.hokan.store.copy.CopyWire;
import dev.hokan.store.copy.RemoteCopyDestination;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.gc.GcReport;
import dev.hokan.store.testing.SourceTree;
import dev.hokan.store.testing.TreeDigest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy protocol between a source vault and a destination that only sees its messages: faithful through the
 * wire format, resumable, incremental, refusing what it cannot trust, and safe against the destination's
 * garbage collection.
 */
class CopyProtocolTest {
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(2 * 1024, 8 * 1024, 32 * 1024);
    private static final long SMALL_PACKS = 64 * 1024;
    private static final int SMALL_BATCHES = 64 * 1024;

    @TempDir
    Path dir;
    private MasterKey key;
    private Vault a;
    private Vault b;

    @BeforeEach
    void createVaults() throws IOException {
        key = MasterKey.generate();
        a = vault("vault-a");
        b = vault("vault-b");
    }

    @AfterEach
    void closeVaults() throws IOException {
        a.close();
        b.close();
        TestFiles.removeSymlinks(dir);
    }

    private Vault vault(String name) throws IOException {
        return Vault.create(new LocalBlobStore(dir.resolve(name)), key, dir.resolve(name + "-cache"), Clock.systemUTC(),
                SMALL_CHUNKS, SMALL_PACKS);
    }

    private static CopyDestination wired(CopyReceiver receiver) {
        return new RemoteCopyDestination(request -> CopyWire.serve(receiver, request));
    }

    @Test
    void copyThroughTheWireFormatRestoresByteForByte() throws Exception {
        SourceTree source = new SourceTree(dir.resolve("source"), 1).populate(60, 150_000);
        Files.createSymbolicLink(source.root().resolve("link"), Path.of("d0"));
        Files.createLink(source.root().resolve("hard"), firstFile(source.root()));
        // the same tree at several depths: empty directories, and directories holding only the same hard link
        Files.createDirectories(source.root().resolve("y/z/w/empty"));
        Files.write(Files.createDirectories(source.root().resolve("x")).resolve("h"), new byte[] {7});
        Files.createLink(Files.createDirectories(source.root().resolve("y/z/v")).resolve("h"), source.root().resolve("x/h"));
        Map<String, TestFiles.Entry> state = TestFiles.capture(source.root());
        String point = a.backup(new BackupRequest(BackupSource.directory(source.root()), "files", Map.of("k", "v"), ProgressListener.NONE)).snapshotId();

        long[] lastProgress = new long[2];
        CopyResult copy;
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            copy = new CopySender(SMALL_BATCHES).send(a.parts(), point, wired(receiver), (done, total) -> {
                lastProgress[0] = done;
                lastProgress[1] = total;
            });
        }
        assertTrue(copy.bytesTransferred() > 2_000_000, "everything travels the first time: " + copy);
        assertEquals(copy.bytesTransferred(), lastProgress[0]);
        assertEquals(lastProgress[1], lastProgress[0], "progress ends with everything found lacking sent");
        assertTrue(copy.storedBytes() > 0, "the destination reports what it stored: " + copy);

        SnapshotInfo original = a.snapshot(point);
        SnapshotInfo copied = b.snapshot(copy.targetSnapshotId());
        assertEquals(original.resource(), copied.resource());
        assertEquals(original.time(), copied.time());
        assertEquals(original.tags(), copied.tags());
        assertEquals(original.totalBytes(), copied.totalBytes());
        assertEquals(original.fileCount(), copied.fileCount());
        TestFiles.assertSameTree(state, TestFiles.capture(TestFiles.restore(b, copy.targetSnapshotId(), dir.resolve("restored"))),
                "copy through the wire");

        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            CopyResult again = new CopySender(SMALL_BATCHES).send(a.parts(), point, wired(receiver), ProgressListener.NONE);
            assertEquals(0, again.chunksTransferred(), "again: " + again);
        }
        assertEquals(2, b.snapshots().size());
        assertTrue(b.verify(true).ok());
    }

    private static Path firstFile(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void interruptedCopyResumesWithoutSendingAgainWhatArrived() throws Exception {
        SourceTree source = new SourceTree(dir.resolve("source"), 2).populate(40, 150_000);
        String digest = TreeDigest.of(source.root());
        String point = a.backup(new BackupRequest(BackupSource.directory(source.root()), "files")).snapshotId();

        CopyResult full;
        try (Vault c = vault("vault-c"); CopyReceiver receiver = c.receiveCopy(a.id())) {
            full = new CopySender(SMALL_BATCHES).send(a.parts(), point, receiver, ProgressListener.NONE);
        }

        Observed dropping;
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            dropping = new Observed(wired(receiver)) {
                @Override
                public BatchReceipt receive(List<CopyBlob> blobs) throws IOException {
                    assertNoSnapshotIn(b);
                    if (receiveCalls == 3) {
                        throw new IOException("connection dropped");
                    }
                    return super.receive(blobs);
                }

                @Override
                public String commit(CopyManifest manifest) {
                    return fail("the interrupted copy must not get to commit");
                }
            };
            IOException dropped = assertThrows(IOException.class,
                    () -> new CopySender(SMALL_BATCHES).send(a.parts(), point, dropping, ProgressListener.NONE));
            assertEquals("connection dropped", dropped.getMessage());
        }
        assertNoSnapshotIn(b);
        assertEquals(3, dropping.receiveCalls);
        assertTrue(dropping.dataBytes > 0 && dropping.dataBytes < full.bytesTransferred() / 2, "arrived: " + dropping.dataBytes);

        CopyResult resumed;
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            resumed = new CopySender(SMALL_BATCHES).send(a.parts(), point, wired(receiver), ProgressListener.NONE);
        }
        assertEquals(full.chunksTransferred() - dropping.blobs, resumed.chunksTransferred(), "resumed: " + resumed);
        assertEquals(full.bytesTransferred() - dropping.dataBytes - dropping.treeBytes, resumed.bytesTransferred(),
                "resumed: " + resumed);

        Path restored = TestFiles.restore(b, resumed.targetSnapshotId(), dir.resolve("restored"));
        assertEquals(digest, TreeDigest.of(restored));
        assertEquals(1, b.snapshots().size());
        List<String> translations = new ArrayList<>();
        new LocalBlobStore(dir.resolve("vault-b")).list("copies/" + a.id() + "/").forEach(info -> translations.add(info.key()));
        assertEquals(1, translations.size(), "the committed copy merged the partial translations: " + translations);
        assertTrue(b.verify(true).ok());
    }

    private static void assertNoSnapshotIn(Vault vault) {
        try {
            assertEquals(List.of(), vault.snapshots(), "no recovery point before the commit");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void smallChangeSendsLittleAndSkipsUnchangedDirectories() throws Exception {
        Path source = dir.resolve("source");
        Random random = new Random(3);
        long total = 0;
        for (int d = 0; d < 10; d++) {
            for (int s = 0; s < 3; s++) {
                Path sub = Files.createDirectories(source.resolve("d" + d).resolve("s" + s));
                for (int f = 0; f < 4; f++) {
                    total += write(sub.resolve("f" + f), 36_000, random);
                }
            }
        }
        Path big = source.resolve("d3/s1/big");
        total += write(big, 512 * 1024, random);
        String first = a.backup(new BackupRequest(BackupSource.directory(source), "files")).snapshotId();
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            new CopySender(SMALL_BATCHES).send(a.parts(), first, wired(receiver), ProgressListener.NONE);
        }

        int changed = 45_000;
        byte[] edit = new byte[changed];
        random.nextBytes(edit);
        try (FileChannel channel = FileChannel.open(big, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(edit), 200_000);
        }
        assertTrue(changed < total / 100, "about 1% changes");
        String digest = TreeDigest.of(source);
        String second = a.backup(new BackupRequest(BackupSource.directory(source), "files")).snapshotId();

        Observed observed;
        CopyResult copy;
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            observed = new Observed(wired(receiver));
            copy = new CopySender(SMALL_BATCHES).send(a.parts(), second, observed, ProgressListener.NONE);
        }
        assertEquals(3, observed.trees, "only root, d3 and d3/s1 changed: " + copy);
        assertTrue(observed.dataBytes >= changed && observed.dataBytes <= changed + 3 * SMALL_CHUNKS.max(),
                "data sent: " + observed.dataBytes);
        assertEquals(observed.dataBytes + observed.treeBytes, copy.bytesTransferred());

        // asked about: the root, its ten directories, the three under d3, and the chunks of d3/s1's files only
        Tree root = a.parts().loader().tree(a.manifest(second).root());
        Tree d3 = a.parts().loader().tree(subtree(root, "d3"));
        Tree d3s1 = a.parts().loader().tree(subtree(d3, "s1"));
        Set<ChunkId> expected = new HashSet<>();
        expected.add(a.manifest(second).root());
        root.nodes().forEach(n -> expected.add(n.subtree()));
        d3.nodes().forEach(n -> expected.add(n.subtree()));
        d3s1.nodes().forEach(n -> expected.addAll(n.content()));
        assertEquals(expected, observed.asked);

        Path restored = TestFiles.restore(b, copy.targetSnapshotId(), dir.resolve("restored"));
        assertEquals(digest, TreeDigest.of(restored));
    }

    private static long write(Path file, int size, Random random) throws IOException {
        byte[] data = new byte[size];
        random.nextBytes(data);
        Files.write(file, data);
        return size;
    }

    private static ChunkId subtree(Tree tree, String name) {
        return tree.find(name).orElseThrow().subtree();
    }

    @Test
    void refusesTreesReferringToWhatHasNotArrivedAndUnknownRoots() throws Exception {
        Node file = Node.builder()
                .name("f")
                .type(NodeType.FILE)
                .mode(0644)
                .uid(0)
                .gid(0)
                .mtimeNanos(0)
                .ctimeNanos(0)
                .inode(1)
                .device(1)
                .links(1)
                .size(10)
                .content(List.of(randomId()))
                .build();
        Node directory = Node.builder()
                .name("d")
                .type(NodeType.DIRECTORY)
                .mode(0755)
                .uid(0)
                .gid(0)
                .mtimeNanos(0)
                .ctimeNanos(0)
                .inode(2)
                .device(1)
                .links(1)
                .size(0)
                .subtree(randomId())
                .build();
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            CopyDestination wired = wired(receiver);
            for (Node dangling : List.of(file, directory)) {
                CopyBlob tree = new CopyBlob(BlobType.TREE, randomId(), new Tree(List.of(dangling)).encode());
                CopyRefusedException refused = assertThrows(CopyRefusedException.class, () -> wired.receive(List.of(tree)));
                assertTrue(refused.getMessage().contains("has not arrived"), refused.getMessage());
                assertThrows(CopyRefusedException.class, () -> wired.commit(manifest(tree.sourceId())));
            }

            // a chunk that arrived in the same batch, or an earlier one, may be referred to
            byte[] content = "ten bytes!".getBytes();
            ChunkId chunk = randomId();
            ChunkId first = randomId();
            ChunkId second = randomId();
            wired.receive(List.of(new CopyBlob(BlobType.DATA, chunk, content),
                    new CopyBlob(BlobType.TREE, first, new Tree(List.of(file.withContent(List.of(chunk)))).encode())));
            wired.receive(List.of(new CopyBlob(BlobType.TREE, second,
                    new Tree(List.of(file.withContent(List.of(chunk)), directory.withSubtree(first))).encode())));
            assertEquals(Set.of(), wired.missing(List.of(chunk, first, second)));

            CopyRefusedException unknownRoot = assertThrows(CopyRefusedException.class, () -> wired.commit(manifest(randomId())));
            assertTrue(unknownRoot.getMessage().contains("root tree"), unknownRoot.getMessage());
            assertThrows(CopyRefusedException.class, () -> wired.commit(manifest(chunk)), "a chunk is no root tree");
            assertNoSnapshotIn(b);

            String id = wired.commit(manifest(second));
            assertEquals(id, wired.commit(manifest(second)), "a repeated commit gives the same recovery point");
            assertEquals(1, b.snapshots().size());
            Path restored = TestFiles.restore(b, id, dir.resolve("restored"));
            assertEquals("ten bytes!", Files.readString(restored.resolve("d/f")));
        }
    }

    @Test
    void aTreeCountsAsHeldOnlyWithEverythingUnderIt() throws Exception {
        ChunkId chunk = randomId();
        ChunkId tree = randomId();
        Node file = Node.builder()
                .name("f")
                .type(NodeType.FILE)
                .mode(0644)
                .uid(0)
                .gid(0)
                .mtimeNanos(0)
                .ctimeNanos(0)
                .inode(1)
                .device(1)
                .links(1)
                .size(5)
                .content(List.of(chunk))
                .build();
        List<CopyBlob> data = List.of(new CopyBlob(BlobType.DATA, chunk, "bytes".getBytes()));
        List<CopyBlob> trees = List.of(new CopyBlob(BlobType.TREE, tree, new Tree(List.of(file)).encode()));
        try (CopyReceiver interrupted = b.receiveCopy(a.id())) {
            interrupted.receive(data);
            // condemns the unreferenced chunk, to be deleted once this session ends
            assertEquals(0, b.collectGarbage().packsDeleted());
            interrupted.receive(trees);
        }
        try (CopyReceiver resumed = b.receiveCopy(a.id())) {
            // the tree is stored and not condemned, but the chunk under it may go at any time now
            assertEquals(Set.of(tree, chunk), resumed.missing(List.of(tree, chunk)));
            assertThrows(CopyRefusedException.class, () -> resumed.commit(manifest(tree)));
            assertTrue(b.collectGarbage().packsDeleted() > 0);
            resumed.receive(data);
            resumed.receive(trees);
            String id = resumed.commit(manifest(tree));
            assertEquals("bytes", Files.readString(TestFiles.restore(b, id, dir.resolve("restored")).resolve("f")));
        }
        assertTrue(b.verify(true).ok());
    }

    private static CopyManifest manifest(ChunkId root) {
        return new CopyManifest("files", Instant.parse("2025-01-02T03:04:05.123456789Z"), SnapshotStatus.PARTIAL,
                Map.of("k", "v"), root, "/src", "host", 2, 10, List.of(new FileProblem("x", "unreadable")), List.of("fifo"));
    }

    private static ChunkId randomId() {
        Random random = new Random();
        return new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    @Test
    void refusesMalformedTruncatedAndOversizedMessages() throws Exception {
        List<CopyBlob> blobs = List.of(new CopyBlob(BlobType.DATA, randomId(), new byte[] {1, 2, 3}),
                new CopyBlob(BlobType.TREE, randomId(), new Tree(List.of()).encode()));
        CopyManifest manifest = manifest(randomId());
        List<byte[]> messages = List.of(CopyWire.encodeMissing(List.of(randomId(), randomId())),
                CopyWire.encodeMissingReply(Set.of(randomId())), CopyWire.encodeBlobs(blobs),
                CopyWire.encodeReceipt(new BatchReceipt(1, 2, 3)), CopyWire.encodeCommit(manifest),
                CopyWire.encodeCommitted(ObjectId.random().hex()));

        assertEquals(manifest, CopyWire.decodeCommit(messages.get(4)));
        List<CopyBlob> decoded = CopyWire.decodeBlobs(messages.get(2));
        assertEquals(blobs.size(), decoded.size());
        for (int i = 0; i < blobs.size(); i++) {
            assertEquals(blobs.get(i).type(), decoded.get(i).type());
            assertEquals(blobs.get(i).sourceId(), decoded.get(i).sourceId());
            assertTrue(Arrays.equals(blobs.get(i).plaintext(), decoded.get(i).plaintext()));
        }

        for (byte[] message : messages) {
            for (int length = 0; length < message.length; length++) {
                byte[] truncated = Arrays.copyOf(message, length);
                assertThrows(CopyRefusedException.class, () -> decodeAsItsKind(truncated), "truncated to " + length);
            }
            byte[] longer = Arrays.copyOf(message, message.length + 1);
            assertThrows(CopyRefusedException.class, () -> decodeAsItsKind(longer), "trailing byte");
        }
        assertThrows(CopyRefusedException.class, () -> CopyWire.decodeMissing(messages.get(2)), "a message of another kind");

        // random damage never escapes as anything but a refusal
        Random random = new Random(5);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = messages.get(random.nextInt(messages.size())).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[2 + random.nextInt(damaged.length - 2)] = (byte) random.nextInt(256);
            }
            try {
                decodeAsItsKind(damaged);
            } catch (CopyRefusedException expected) {
                // refused cleanly
            }
        }

        List<ChunkId> tooMany = new ArrayList<>();
        for (int i = 0; i <= CopyDestination.MAX_IDS; i++) {
            tooMany.add(new ChunkId(i, i, i, i));
        }
        assertThrows(CopyRefusedException.class, () -> CopyWire.decodeMissing(CopyWire.encodeMissing(tooMany)));
        byte[] hugeCount = {1, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0, 1, 2};
        assertThrows(CopyRefusedException.class, () -> CopyWire.decodeBlobs(hugeCount), "a count the message cannot hold");
        byte[] negativeCount = {1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertThrows(CopyRefusedException.class, () -> CopyWire.decodeMissingReply(negativeCount), "a count of -1");
        assertThrows(CopyRefusedException.class, () -> CopyWire.decodeBlobs(new byte[CopyWire.MAX_MESSAGE_BYTES + 1]));
        List<CopyBlob> overLimit = List.of(new CopyBlob(BlobType.DATA, randomId(), new byte[CopyDestination.MAX_BATCH_BYTES / 2 + 1]),
                new CopyBlob(BlobType.DATA, randomId(), new byte[CopyDestination.MAX_BATCH_BYTES / 2 + 1]));
        assertThrows(CopyRefusedException.class, () -> CopyWire.decodeBlobs(CopyWire.encodeBlobs(overLimit)));

        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            assertThrows(CopyRefusedException.class, () -> receiver.missing(tooMany));
            assertThrows(CopyRefusedException.class, () -> receiver.receive(overLimit));
            byte[] lyingTree = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 'x'};
            assertThrows(CopyRefusedException.class,
                    () -> receiver.receive(List.of(new CopyBlob(BlobType.TREE, randomId(), lyingTree))), "a tree claiming 2^31 entries");
        }
        assertThrows(CopyRefusedException.class, () -> b.receiveCopy("../escape"));
    }

    /** Decodes a message as the kind its header names; the kind byte is the second. */
    private static void decodeAsItsKind(byte[] message) throws IOException {
        switch (message.length < 2 ? -1 : message[1]) {
            case 0 -> CopyWire.decodeMissing(message);
            case 1 -> CopyWire.decodeMissingReply(message);
            case 2 -> CopyWire.decodeBlobs(message);
            case 3 -> CopyWire.decodeReceipt(message);
            case 4 -> CopyWire.decodeCommit(message);
            default -> CopyWire.decodeCommitted(message);
        }
    }

    @Test
    void copyRacingACollectionInTheDestinationStillRestores() throws Exception {
        SourceTree source = new SourceTree(dir.resolve("source"), 4).populate(40, 100_000);
        String first = a.backup(new BackupRequest(BackupSource.directory(source.root()), "files")).snapshotId();
        String firstCopy = a.copySnapshot(first, b).targetSnapshotId();
        b.deleteSnapshot(firstCopy);
        source.mutate();
        String digest = TreeDigest.of(source.root());
        String second = a.backup(new BackupRequest(BackupSource.directory(source.root()), "files")).snapshotId();

        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CopyResult copy;
        try (CopyReceiver receiver = b.receiveCopy(a.id())) {
            Observed pausing = new Observed(wired(receiver)) {
                @Override
                public BatchReceipt receive(List<CopyBlob> blobs) throws IOException {
                    BatchReceipt receipt = super.receive(blobs);
                    if (receiveCalls == 1) {
                        paused.countDown();
                        await(resume);
                    }
                    return receipt;
                }
            };
            CompletableFuture<CopyResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return new CopySender(SMALL_BATCHES).send(a.parts(), second, pausing, ProgressListener.NONE);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            paused.await();
            // another process collects in the destination while the copy relies on the deleted copy's chunks
            try (Vault collector = Vault.open(new LocalBlobStore(dir.resolve("vault-b")), key, dir.resolve("collector-cache"))) {
                GcReport during = collector.collectGarbage();
                assertEquals(0, during.packsDeleted(), "nothing is deleted while the copy runs");
                assertTrue(during.packsPending() > 0, "the deleted copy's packs are condemned");
                resume.countDown();
                copy = running.get();
            }
        }
        try (Vault collector = Vault.open(new LocalBlobStore(dir.resolve("vault-b")), key, dir.resolve("collector-cache"))) {
            GcReport after = collector.collectGarbage();
            assertTrue(after.packsDeleted() > 0, "after: " + after);
            assertEquals(0, after.packsPending());
        }
        try (Vault fresh = Vault.open(new LocalBlobStore(dir.resolve("vault-b")), key, dir.resolve("fresh-cache"))) {
            Path restored = TestFiles.restore(fresh, copy.targetSnapshotId(), dir.resolve("restored"));
            assertEquals(digest, TreeDigest.of(restored));
            assertTrue(fresh.verify(true).ok());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes every call on, counting what travels. */
    private static class Observed implements CopyDestination {
        private final CopyDestination next;
        final Set<ChunkId> asked = new HashSet<>();
        int receiveCalls;
        long blobs;
        long trees;
        long dataBytes;
        long treeBytes;

        Observed(CopyDestination next) {
            this.next = next;
        }

        @Override
        public Set<ChunkId> missing(List<ChunkId> sourceIds) throws IOException {
            asked.addAll(sourceIds);
            return next.missing(sourceIds);
        }

        @Override
        public BatchReceipt receive(List<CopyBlob> batch) throws IOException {
            BatchReceipt receipt = next.receive(batch);
            receiveCalls++;
            for (CopyBlob blob : batch) {
                blobs++;
                if (blob.type() == BlobType.TREE) {
                    trees++;
                    treeBytes += blob.plaintext().length;
                } else {
                    dataBytes += blob.plaintext().length;
                }
            }
            return receipt;
        }

        @Override
        public String commit(CopyManifest manifest) throws IOException {
            return next.commit(manifest);
        }
    }
}
