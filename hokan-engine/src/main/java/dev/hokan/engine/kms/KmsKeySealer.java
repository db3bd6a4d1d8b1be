package dev.hokan.engine.kms;

import dev.hokan.engine.vault.VaultKeyUnavailableException;
import dev.hokan.store.crypto.KeySealer;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Seals a vault's own keys under a KMS key of the vault's cell, as Encrypt and Decrypt would (the store's context
 * travels as the encryption context), so rotation, disabling and deletion of the key act on the vault.
 */
final class KmsKeySealer implements KeySealer {
    private static final String CONTEXT_KEY = "hokan:sealed";
    /** What a vault sealed under a KMS key records as the key's fingerprint, before the key's ARN. */
    static final String FINGERPRINT_PREFIX = "kms:";

    private final KeyService keys;
    private final String keyArn;
    private final String vaultName;

    KmsKeySealer(KeyService keys, String keyArn, String vaultName) {
        this.keys = keys;
        this.keyArn = keyArn;
        this.vaultName = vaultName;
    }

    @Override
    public String fingerprint() {
        return FINGERPRINT_PREFIX + keyArn;
    }

    @Override
    public byte[] wrap(byte[] secret, byte[] context) throws IOException {
        try {
            return keys.encrypt(keys.key(KeyReference.parse(keyArn)), secret, context(context));
        } catch (KmsException e) {
            throw unavailable(keyArn, vaultName, e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] context, String what) throws IOException {
        try {
            return keys.decrypt(wrapped, keys.key(KeyReference.parse(keyArn)), context(context)).plaintext();
        } catch (KmsException e) {
            throw unavailable(keyArn, vaultName, e);
        }
    }

    private static Map<String, String> context(byte[] context) {
        return Map.of(CONTEXT_KEY, Base64.getEncoder().encodeToString(context));
    }

    static VaultKeyUnavailableException unavailable(String keyArn, String vaultName, KmsException e) {
        return new VaultKeyUnavailableException("The KMS key " + keyArn + " that encrypts backup vault " + vaultName
                + " cannot be used (" + e.error().awsName() + "): " + e.getMessage());
    }
}
