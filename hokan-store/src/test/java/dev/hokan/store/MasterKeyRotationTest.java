package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's part of a master key rotation: the successor is written once to {@code FILE.next}, the key file opens
 * a vault whose keys were sealed again under it until and after the successor replaces it, and the old key alone
 * opens it no more.
 */
class MasterKeyRotationTest {
    @TempDir
    Path dir;

    @Test
    void aVaultSealedAgainUnderTheSuccessorOpensWithTheKeyFileThroughout() throws IOException {
        Path keyFile = dir.resolve("master.key");
        MasterKey old = MasterKey.loadOrCreate(keyFile);
        LocalBlobStore store = new LocalBlobStore(dir.resolve("vault"));
        String vaultId;
        try (Vault vault = Vault.create(store, old, dir.resolve("cache"))) {
            vaultId = vault.id();
        }

        MasterKey successor = MasterKey.successorOf(keyFile);
        Path next = MasterKey.successorFile(keyFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(next)));
        assertEquals(successor.fingerprint(), MasterKey.successorOf(keyFile).fingerprint(),
                "an interrupted rotation carries on with the key it began");

        MasterKey both = MasterKey.load(keyFile);
        assertEquals(old.fingerprint(), both.fingerprint(), "the key file's own key seals until the rotation ends");
        Vault.resealKeys(store, both, successor);
        assertEquals(successor.fingerprint(), Vault.sealedUnder(store).orElseThrow());
        try (Vault vault = Vault.open(store, MasterKey.load(keyFile), dir.resolve("cache"))) {
            assertEquals(vaultId, vault.id());
        }
        IOException refused = assertThrows(IOException.class, () -> Vault.open(store, old, dir.resolve("cache")));
        assertTrue(refused.getMessage().contains("belongs to master key " + successor.fingerprint()),
                refused.getMessage());

        MasterKey.promoteSuccessor(keyFile);
        assertFalse(Files.exists(next));
        MasterKey promoted = MasterKey.load(keyFile);
        assertEquals(successor.fingerprint(), promoted.fingerprint());
        try (Vault vault = Vault.open(store, promoted, dir.resolve("cache"))) {
            assertEquals(vaultId, vault.id());
        }
    }
}
