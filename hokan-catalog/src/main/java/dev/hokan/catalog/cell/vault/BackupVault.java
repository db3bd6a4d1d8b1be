package dev.hokan.catalog.cell.vault;

import java.time.Instant;

public record BackupVault(String name, Instant creationDate, String creatorRequestId, String encryptionKeyArn,
                    long numberOfRecoveryPoints) {
}
