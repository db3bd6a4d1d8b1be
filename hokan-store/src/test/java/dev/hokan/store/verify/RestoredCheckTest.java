package dev.hokan.store.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles;
import dev.hokan.store.Vault;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restored directory is compared with its snapshot's own entries and content hashes, chunk by chunk. */
class RestoredCheckTest {
    @TempDir
    Path dir;

    @Test
    void aFaithfulRestoreHasNoDifferenceAndEveryChangeIsNamed() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/docs"));
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Files.write(source.resolve("big.bin"), big);
        Files.writeString(source.resolve("small.txt"), "small");
        Files.createDirectories(source.resolve("empty"));
        Files.createSymbolicLink(source.resolve("link"), Path.of("small.txt"));
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source.getParent()).snapshotId();
            Path restored = dir.resolve("restored");
            vault.restore(new RestoreRequest(id, RestoreSink.directory(restored)));
            assertEquals(List.of(), vault.differences(id, restored));

            big[4 * 1024 * 1024] ^= 1;
            Files.write(restored.resolve("docs/big.bin"), big);
            Files.writeString(restored.resolve("docs/small.txt"), "SMALL");
            Files.delete(restored.resolve("docs/link"));
            Files.delete(restored.resolve("docs/empty"));
            List<String> differences = vault.differences(id, restored);
            assertEquals(4, differences.size(), differences.toString());
            assertTrue(differences.contains("docs/link: the symbolic link is missing"), differences.toString());
            assertTrue(differences.contains("docs/empty: the directory is missing"), differences.toString());
            assertTrue(differences.stream().anyMatch(d -> d.startsWith("docs/big.bin: the content at byte ")
                    && !d.startsWith("docs/big.bin: the content at byte 0 ") && d.contains("does not hash to chunk")),
                    differences.toString());
            assertTrue(differences.stream().anyMatch(d -> d.startsWith("docs/small.txt: the content at byte 0 ")),
                    differences.toString());
        }
    }
}
