package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.crypto.TamperedDataException;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.restore.FilesNotRestoredException;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.tree.Node;
import dev.hokan.store.verify.VerifyReport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any changed byte in a vault is detected and reported, never restored silently. */
class TamperDetectionTest {
    @TempDir
    Path dir;
    Path source;
    Path vaultDir;
    MasterKey key;
    byte[] secret;

    @BeforeEach
    void setUp() throws IOException {
        source = dir.resolve("source");
        vaultDir = dir.resolve("vault");
        key = MasterKey.generate();
        Files.createDirectories(source.resolve("dir"));
        // below the chunker's 128 KiB minimum, so one chunk whatever the vault's boundary seed
        secret = new byte[100 * 1024];
        new SplittableRandom(3).nextBytes(secret);
        Files.write(source.resolve("dir/secret.bin"), secret);
        Files.writeString(source.resolve("other.txt"), "an undamaged neighbour");
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    private List<Path> files(String under) throws IOException {
        try (Stream<Path> walk = Files.walk(vaultDir.resolve(under))) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".tmp-")).sorted().toList();
        }
    }

    private IndexEntry locate(Vault vault, String snapshotId, String directory, String name) throws IOException {
        var root = vault.parts().loader().tree(vault.manifest(snapshotId).root());
        Node dirNode = root.find(directory).orElseThrow();
        Node file = vault.parts().loader().tree(dirNode.subtree()).find(name).orElseThrow();
        assertEquals(1, file.content().size(), "test expects a one-chunk file");
        return vault.parts().index().lookup(file.content().getFirst()).orElseThrow();
    }

    @Test
    void aFlippedByteInAPackIsReportedWithTheSnapshotsAndPathsItAffects() throws Exception {
        String first;
        String second;
        IndexEntry chunk;
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            first = TestFiles.backup(vault, source).snapshotId();
            second = TestFiles.backup(vault, source).snapshotId();
            assertTrue(vault.verify(true).ok());
            chunk = locate(vault, first, "dir", "secret.bin");
        }
        List<Path> packs = files("data");
        assertEquals(2, packs.size(), "one data pack and one tree pack: " + packs);
        Path pack = vaultDir.resolve(PackLayout.packKey(chunk.pack()));
        assertTrue(packs.contains(pack));
        flipByte(pack, chunk.offset() + chunk.length() / 2);

        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            VerifyReport report = vault.verify(true);
            assertFalse(report.ok());
            assertEquals(1, report.damaged().size(), "damaged: " + report.damaged());
            VerifyReport.DamagedBlob damaged = report.damaged().getFirst();
            assertEquals(chunk.id().hex(), damaged.id());
            assertTrue(damaged.reason().contains("authentication") || damaged.reason().contains("match"), damaged.reason());
            assertEquals(2, damaged.affected().size(), "both snapshots use the chunk: " + damaged.affected());
            assertEquals(java.util.Set.of(first, second),
                    damaged.affected().stream().map(VerifyReport.Dependent::snapshotId).collect(java.util.stream.Collectors.toSet()));
            for (VerifyReport.Dependent dependent : damaged.affected()) {
                assertTrue(dependent.path().endsWith("dir/secret.bin"), dependent.path());
            }
            assertTrue(report.damaged().stream().flatMap(d -> d.affected().stream()).noneMatch(d -> d.path().contains("other.txt")));

            Path target = dir.resolve("restore");
            IOException failure = assertThrows(FilesNotRestoredException.class, () -> TestFiles.restore(vault, first, target));
            assertTrue(failure.getCause() instanceof TamperedDataException, failure.toString());
            assertTrue(failure.getMessage().contains("failed authentication"), failure.getMessage());
            // the restore failed loudly, left nothing under the damaged file's name, and restored the rest
            assertFalse(Files.exists(target.resolve("dir/secret.bin")));
            assertEquals("an undamaged neighbour", Files.readString(target.resolve("other.txt")));

            // the undamaged neighbour is still restorable on its own
            Path partial = dir.resolve("partial");
            vault.restore(new RestoreRequest(first, RestoreSink.directory(partial), List.of("other.txt"), ProgressListener.NONE));
            assertEquals("an undamaged neighbour", Files.readString(partial.resolve("other.txt")));
        }
    }

    /** A file that fails is gone under every name it has; the undamaged files around it restore whole. */
    @Test
    void aDamagedHardLinkedFileLeavesNoNameAndNoHoledNeighbour() throws Exception {
        Files.createLink(source.resolve("secret-link.bin"), source.resolve("dir/secret.bin"));
        Files.createLink(Files.createDirectories(source.resolve("zz")).resolve("secret-too.bin"), source.resolve("dir/secret.bin"));
        byte[] large = new byte[6 << 20];
        new SplittableRandom(5).nextBytes(large);
        Files.write(source.resolve("large.bin"), large);
        Path target = dir.resolve("restore");

        IOException failure = restoreWithTheSecretDamaged(target);
        assertTrue(failure.getMessage().startsWith(target.resolve("dir/secret.bin") + " not restored: "), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("(2 more not restored)"), "the two other names: " + failure.getMessage());
        for (String name : List.of("dir/secret.bin", "secret-link.bin", "zz/secret-too.bin")) {
            assertFalse(Files.exists(target.resolve(name)), name + " names the damaged file");
        }
        assertArrayEquals(large, Files.readAllBytes(target.resolve("large.bin")));
        assertEquals("an undamaged neighbour", Files.readString(target.resolve("other.txt")));
    }

    /** Copies of a damaged file, written with it from the chunk loaded once (Twins), fail with it: none is left. */
    @Test
    void copiesOfADamagedFileAreGoneWithIt() throws Exception {
        Files.write(source.resolve("secret-copy.bin"), secret);
        Files.write(Files.createDirectories(source.resolve("zz")).resolve("secret-copy-too.bin"), secret);
        Path target = dir.resolve("restore");

        IOException failure = restoreWithTheSecretDamaged(target);
        assertTrue(failure.getMessage().endsWith("(2 more not restored)"), "the two copies: " + failure.getMessage());
        for (String name : List.of("dir/secret.bin", "secret-copy.bin", "zz/secret-copy-too.bin")) {
            assertFalse(Files.exists(target.resolve(name)), name + " holds the damaged content");
        }
        assertEquals("an undamaged neighbour", Files.readString(target.resolve("other.txt")));
    }

    /** Backs the source up, damages the chunk of dir/secret.bin in its pack and restores the point: the failure. */
    private IOException restoreWithTheSecretDamaged(Path target) throws Exception {
        String id;
        IndexEntry chunk;
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            id = TestFiles.backup(vault, source).snapshotId();
            chunk = locate(vault, id, "dir", "secret.bin");
        }
        flipByte(vaultDir.resolve(PackLayout.packKey(chunk.pack())), chunk.offset() + chunk.length() / 2);
        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            IOException failure = assertThrows(FilesNotRestoredException.class, () -> TestFiles.restore(vault, id, target));
            assertTrue(failure.getCause() instanceof TamperedDataException, failure.toString());
            return failure;
        }
    }

    @Test
    void aFlippedByteInATreeIsReportedAndRestoreFails() throws Exception {
        String id;
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            id = TestFiles.backup(vault, source).snapshotId();
            IndexEntry root = vault.parts().index().lookup(vault.manifest(id).root()).orElseThrow();
            flipByte(vaultDir.resolve(PackLayout.packKey(root.pack())), root.offset() + Math.min(40, root.length() - 1));
        }
        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            VerifyReport report = vault.verify(false);
            assertFalse(report.ok());
            assertTrue(report.damaged().stream().anyMatch(d -> d.affected().contains(new VerifyReport.Dependent(id, "/"))),
                    "damaged: " + report.damaged());
            assertThrows(IOException.class, () -> TestFiles.restore(vault, id, dir.resolve("restore")));
            assertFalse(Files.exists(dir.resolve("restore/dir/secret.bin")));
            assertFalse(Files.exists(dir.resolve("restore/other.txt")));
        }
    }

    @Test
    void aDamagedPackHeaderIsReported() throws Exception {
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            TestFiles.backup(vault, source);
        }
        for (Path pack : files("data")) {
            flipByte(pack, Files.size(pack) - 10);
        }
        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            VerifyReport report = vault.verify(false);
            assertFalse(report.ok());
            assertTrue(report.errors().size() >= 2, "errors: " + report.errors());
        }
    }

    @Test
    void aFlippedByteInAnIndexObjectIsDetected() throws Exception {
        String id;
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            id = TestFiles.backup(vault, source).snapshotId();
        }
        List<Path> indexes = files("index");
        assertEquals(1, indexes.size());
        flipByte(indexes.getFirst(), Files.size(indexes.getFirst()) / 2);

        // without a cache the index must be read, and fails authentication
        IOException failure = assertThrows(IOException.class,
                () -> Vault.open(new LocalBlobStore(vaultDir), key, dir.resolve("fresh-cache")).close());
        assertTrue(failure instanceof TamperedDataException, failure.toString());
        assertTrue(failure.getMessage().contains("index"), failure.getMessage());

        // with the old cache the vault opens, but a check reports the damaged index
        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            VerifyReport report = vault.verify(false);
            assertFalse(report.ok());
            assertTrue(report.errors().stream().anyMatch(e -> e.contains("index")), "errors: " + report.errors());
            // and data restored through the cached locations is still authenticated and intact
            Path target = TestFiles.restore(vault, id, dir.resolve("restore"));
            assertArrayEquals(secret, Files.readAllBytes(target.resolve("dir/secret.bin")));
        }
    }

    @Test
    void aFlippedByteInAManifestIsDetected() throws Exception {
        String id;
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            id = TestFiles.backup(vault, source).snapshotId();
        }
        Path manifest = vaultDir.resolve("snapshots/" + id);
        assertTrue(Files.isRegularFile(manifest));
        flipByte(manifest, Files.size(manifest) / 2);
        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            IOException failure = assertThrows(IOException.class, () -> vault.snapshot(id));
            assertTrue(failure instanceof TamperedDataException, failure.toString());
            assertThrows(TamperedDataException.class, () -> TestFiles.restore(vault, id, dir.resolve("restore")));
            assertFalse(Files.exists(dir.resolve("restore/other.txt")));
            assertTrue(vault.snapshots().stream().noneMatch(point -> point.id().equals(id)),
                    "a damaged recovery point is not listed as if it were usable");
            assertThrows(TamperedDataException.class, vault::collectGarbage, "gc never runs on an incomplete mark");
            VerifyReport report = vault.verify(false);
            assertFalse(report.ok());
            assertTrue(report.errors().stream().anyMatch(e -> e.contains(id)), "errors: " + report.errors());
        }
    }

    @Test
    void aManifestMovedToAnotherNameIsDetected() throws Exception {
        String id;
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            id = TestFiles.backup(vault, source).snapshotId();
        }
        String other = "0123456789abcdef0123456789abcdef";
        Files.copy(vaultDir.resolve("snapshots/" + id), vaultDir.resolve("snapshots/" + other));
        try (Vault vault = TestFiles.openVault(dir, "vault", key)) {
            assertThrows(TamperedDataException.class, () -> vault.snapshot(other));
        }
    }

    @Test
    void aFlippedByteInTheVaultKeyOrConfigIsDetectedOnOpen() throws Exception {
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            TestFiles.backup(vault, source);
        }
        Path keyFile = vaultDir.resolve("keys/vault");
        byte[] original = Files.readAllBytes(keyFile);
        flipByte(keyFile, original.length / 2);
        IOException failure = assertThrows(IOException.class, () -> TestFiles.openVault(dir, "vault", key).close());
        assertTrue(failure instanceof TamperedDataException, failure.toString());
        assertTrue(failure.getMessage().contains("vault key"), failure.getMessage());
        Files.write(keyFile, original);

        Path config = vaultDir.resolve("config");
        flipByte(config, Files.size(config) - 1);
        failure = assertThrows(IOException.class, () -> TestFiles.openVault(dir, "vault", key).close());
        assertTrue(failure instanceof TamperedDataException, failure.toString());
    }

    @Test
    void aWrongMasterKeyGivesAClearError() throws Exception {
        try (Vault vault = TestFiles.createVault(dir, "vault", key)) {
            TestFiles.backup(vault, source);
        }
        MasterKey wrong = MasterKey.generate();
        IOException failure = assertThrows(IOException.class, () -> TestFiles.openVault(dir, "vault", wrong).close());
        assertTrue(failure.getMessage().contains(key.fingerprint()) && failure.getMessage().contains(wrong.fingerprint()),
                failure.getMessage());

        // without the fingerprint in the marker the wrong key still cannot open the vault keys
        Path marker = vaultDir.resolve("hokan-vault");
        String text = Files.readString(marker);
        Files.writeString(marker, text.lines().filter(l -> !l.startsWith("master-key:")).reduce("", (a, b) -> a + b + "\n"));
        failure = assertThrows(IOException.class, () -> TestFiles.openVault(dir, "vault", wrong).close());
        assertTrue(failure instanceof TamperedDataException, failure.toString());
        // and the right key still works
        TestFiles.openVault(dir, "vault", key).close();
    }

    @Test
    void noVaultOrAnExistingVaultIsReported() throws Exception {
        IOException failure = assertThrows(IOException.class,
                () -> Vault.open(new LocalBlobStore(dir.resolve("nothing")), key, dir.resolve("cache")).close());
        assertTrue(failure.getMessage().contains("no Hokan vault"), failure.getMessage());
        TestFiles.createVault(dir, "vault", key).close();
        failure = assertThrows(IOException.class, () -> TestFiles.createVault(dir, "vault", key).close());
        assertTrue(failure.getMessage().contains("already exists"), failure.getMessage());
        Files.writeString(vaultDir.resolve("hokan-vault"), "format: hokan-vault/99\n", StandardCharsets.UTF_8);
        failure = assertThrows(IOException.class, () -> TestFiles.openVault(dir, "vault", key).close());
        assertTrue(failure.getMessage().contains("unsupported"), failure.getMessage());
    }
}
