package dev.hokan.catalog;

import java.time.Instant;

public record Vault(String name, Instant creationDate, String creatorRequestId, String encryptionKeyArn,
                    long numberOfRecoveryPoints) {
}
