package dev.hokan.store.crypto;

import java.io.IOException;

/**
 * What seals a vault's own keys: the master key, or a key the vault was given by whoever runs the store (the server
 * seals a vault under a KMS key of its own key service). The store never sees more than this.
 */
public interface KeySealer {
    /** A short public name of the key, recorded in the vault so that a wrong key gets a clear message. */
    String fingerprint();

    /**
     * Whether the key a vault records by {@code fingerprint} is this one (a master key in the middle of its rotation
     * answers for the key it replaces and for its successor).
     */
    default boolean answersTo(String fingerprint) {
        return fingerprint().equals(fingerprint);
    }

    /** Seals {@code secret}, bound to {@code context}. */
    byte[] wrap(byte[] secret, byte[] context) throws IOException;

    /**
     * Opens what {@link #wrap} sealed with the same context; {@code what} names it in messages.
     *
     * @throws IOException when the key cannot open it now (tampered data, or a key that is unusable or gone)
     */
    byte[] unwrap(byte[] wrapped, byte[] context, String what) throws IOException;
}
