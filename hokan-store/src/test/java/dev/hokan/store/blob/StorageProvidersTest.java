package dev.hokan.store.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageProvidersTest {
    private static final byte[] DATA = "object".getBytes(StandardCharsets.UTF_8);
    private final StorageProviders providers = StorageProviders.of(new LocalStorageProvider());

    @TempDir
    Path dir;

    @Test
    void aPlainPathAndItsFileUriOpenTheSameDirectory() throws IOException {
        Path vault = dir.resolve("vaults/web");
        URI fromPath = StorageProviders.uri(vault.toString());
        URI fromUri = StorageProviders.uri("file://" + vault);
        assertEquals("file", fromPath.getScheme());
        assertFalse(providers.exists(fromPath), "nothing there yet");
        assertFalse(Files.exists(vault), "asking creates nothing");

        providers.open(fromPath).put("config", DATA);
        assertTrue(providers.exists(fromUri));
        assertArrayEquals(DATA, providers.open(fromUri).get("config"));
        assertTrue(Files.isRegularFile(vault.resolve("config")));
    }

    @Test
    void aRelativePathIsTakenFromTheWorkingDirectory() {
        assertEquals(Path.of("vault").toAbsolutePath().toUri().getPath().replaceAll("/$", ""),
                StorageProviders.uri("vault").getPath().replaceAll("/$", ""));
    }

    @Test
    void storesAreOpenedThroughTheDecorators() throws IOException {
        assertInstanceOf(RetryingBlobStore.class, providers.open(StorageProviders.uri(dir.toString())));
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheKnownOnes() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> providers.open(StorageProviders.uri("s3://bucket/vaults/web")));
        assertEquals("no storage backend for s3://bucket/vaults/web: the known schemes are file", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StorageProviders.uri(" "));
    }
}
