package dev.hokan.catalog.cell.kms;

import java.time.Instant;

/** One version of a key's material (1 at creation, one more per rotation), sealed under the master key. */
public record KeyVersion(String keyId, int version, Instant creationDate, byte[] sealedMaterial) {
}
