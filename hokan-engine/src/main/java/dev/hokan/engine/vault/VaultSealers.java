package dev.hokan.engine.vault;

import dev.hokan.store.crypto.KeySealer;
import java.io.IOException;

/** Which key seals each vault's own keys; asked at every use of a vault, so a key that became unusable stops it. */
@FunctionalInterface
public interface VaultSealers {
    /** @throws VaultKeyUnavailableException when the vault's key is disabled, pending deletion or deleted */
    KeySealer of(String vaultName) throws IOException;
}
