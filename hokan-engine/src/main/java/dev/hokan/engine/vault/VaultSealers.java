package dev.hokan.engine.vault;

import dev.hokan.store.crypto.KeySealer;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;

/**
 * What the catalog says of each vault at every use of its storage: which vault of its name it is now, and the key
 * that seals the vault's own keys, checked at every use, so a key that became unusable stops it.
 */
public interface VaultSealers {
    /** The vault of that name the catalog holds now. */
    VaultIncarnation incarnation(String vaultName);

    /**
     * The sealer of vault {@code vaultName} sealed under {@code keyArn} (null or no KMS key ARN: the master key).
     *
     * @throws VaultKeyUnavailableException when the vault's key is disabled, pending deletion or deleted
     */
    KeySealer sealer(String keyArn, String vaultName) throws IOException;

    /** Every vault under the master key, for tools that open vaults without their catalog. */
    static VaultSealers masterKeyOnly(MasterKey key) {
        return new VaultSealers() {
            @Override
            public VaultIncarnation incarnation(String vaultName) {
                return VaultIncarnation.UNCATALOGUED;
            }

            @Override
            public KeySealer sealer(String keyArn, String vaultName) {
                return key;
            }
        };
    }
}
