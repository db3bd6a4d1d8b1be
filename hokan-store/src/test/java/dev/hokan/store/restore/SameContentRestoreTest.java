package dev.hokan.store.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.TestFiles;
import dev.hokan.store.Vault;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of the same content are written together, from the first of them in the walk ({@link Twins}); one of them
 * that cannot be written fails alone, as it would written on its own, and leaves nothing behind that looks restored.
 */
class SameContentRestoreTest {
    @TempDir
    Path dir;

    @Test
    void aSmallFileThatCannotBeWrittenFailsAloneAndTheOthersOfItsContentAreRestored() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        for (String name : new String[] {"a", "b", "c"}) {
            Files.writeString(source.resolve(name), "one content, three names\n");
        }
        Path target = dir.resolve("restore");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            FilesNotRestoredException failed = assertThrows(FilesNotRestoredException.class, () -> vault.restore(
                    new RestoreRequest(id, new Refusing(RestoreSink.directory(target), target.resolve("b")))));

            assertTrue(failed.getMessage().startsWith(target.resolve("b") + " not restored"), failed.getMessage());
            assertFalse(failed.getMessage().contains("more not restored"), failed.getMessage());
        }
        assertFalse(Files.exists(target.resolve("b")));
        assertArrayEquals(Files.readAllBytes(source.resolve("a")), Files.readAllBytes(target.resolve("a")));
        assertArrayEquals(Files.readAllBytes(source.resolve("c")), Files.readAllBytes(target.resolve("c")));
    }

    @Test
    void aLargeFileThatCannotBeCreatedFailsAloneAndTheFirstOfItsContentIsRestored() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        byte[] content = new byte[8 << 20];
        new SplittableRandom(5).nextBytes(content);
        Files.write(source.resolve("copy"), content);
        Files.write(source.resolve("original"), content);
        Path target = dir.resolve("restore");
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            String id = TestFiles.backup(vault, source).snapshotId();
            FilesNotRestoredException failed = assertThrows(FilesNotRestoredException.class, () -> vault.restore(
                    new RestoreRequest(id, new Refusing(RestoreSink.directory(target), target.resolve("original")))));

            assertTrue(failed.getMessage().startsWith(target.resolve("original") + " not restored"), failed.getMessage());
            assertTrue(failed.getMessage().contains("refused for the test"), failed.getMessage());
        }
        assertFalse(Files.exists(target.resolve("original")));
        assertArrayEquals(content, Files.readAllBytes(target.resolve("copy")), "the first file of that content");
    }

    /** A sink that refuses to create one file. */
    private static final class Refusing extends ForwardingSink<Path> {
        private final Path refused;

        Refusing(RestoreSink<Path> sink, Path refused) {
            super(sink);
            this.refused = refused;
        }

        @Override
        public ContentWriter file(Path place, long size) throws IOException {
            if (place.equals(refused)) {
                throw new IOException(place + " refused for the test");
            }
            return sink.file(place, size);
        }
    }
}
