package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.crypto.TamperedDataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vault's notes: sealed, replaced whole, listed, deleted, and bound to their names. */
class NotesTest {
    @TempDir
    Path dir;

    @Test
    void notesAreKeptSealedReplacedAndDeleted() throws Exception {
        MasterKey key = MasterKey.generate();
        Path store = dir.resolve("vault");
        try (Vault vault = Vault.create(new LocalBlobStore(store), key, dir.resolve("cache"))) {
            vault.putNote("point-1", bytes("first"));
            vault.putNote("point-1", bytes("second"));
            vault.putNote("vault", bytes("settings"));

            assertEquals("second", text(vault.note("point-1")));
            assertEquals(List.of("point-1", "vault"), vault.noteNames().stream().sorted().toList());
            assertFalse(Files.readString(store.resolve("notes/point-1"), StandardCharsets.ISO_8859_1).contains("second"),
                    "a note is sealed");
            assertTrue(vault.deleteNote("vault"));
            assertFalse(vault.deleteNote("vault"));
            assertEquals(Optional.empty(), vault.note("vault"));
            assertThrows(IllegalArgumentException.class, () -> vault.putNote("../escape", bytes("x")));
        }
        try (Vault reopened = Vault.open(new LocalBlobStore(store), key, dir.resolve("cache"))) {
            assertEquals("second", text(reopened.note("point-1")));
            Files.copy(store.resolve("notes/point-1"), store.resolve("notes/point-2"));
            assertThrows(TamperedDataException.class, () -> reopened.note("point-2"), "a note moved to another name");
            assertArrayEquals(bytes("second"), reopened.note("point-1").orElseThrow());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<byte[]> note) {
        return new String(note.orElseThrow(), StandardCharsets.UTF_8);
    }
}
