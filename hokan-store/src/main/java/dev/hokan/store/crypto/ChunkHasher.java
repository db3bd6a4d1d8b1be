package dev.hokan.store.crypto;

import dev.hokan.store.ChunkId;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chunk identity: HMAC-SHA-256 under the vault's own identity key, so equal content deduplicates
 * inside a vault while stored IDs say nothing about content to anyone without the key.
 * Measured on this machine's CPU (SHA extensions present): about 1.4 GB/s per core, against
 * 130-170 MB/s for BLAKE3 in pure Java; see docs/storage-engine.md.
 */
public final class ChunkHasher {
    private final ThreadLocal<Mac> macs;

    ChunkHasher(byte[] identityKey) {
        SecretKeySpec key = new SecretKeySpec(identityKey, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is not available", e);
            }
        });
    }

    public ChunkId hash(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(data, offset, length);
        return ChunkId.of(mac.doFinal(), 0);
    }
}
