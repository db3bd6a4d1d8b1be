package dev.hokan.catalog.cell.vault;

import java.time.Instant;

/** A vault; {@code sourceVaultArn} is the air-gapped vault a restore access vault gives access to, else null. */
public record BackupVault(String name, Instant creationDate, String creatorRequestId, String encryptionKeyArn,
                    long numberOfRecoveryPoints, VaultType type, VaultState state, String sourceVaultArn) {

    /** An ordinary backup vault, available. */
    public BackupVault(String name, Instant creationDate, String creatorRequestId, String encryptionKeyArn,
                       long numberOfRecoveryPoints) {
        this(name, creationDate, creatorRequestId, encryptionKeyArn, numberOfRecoveryPoints, VaultType.BACKUP_VAULT,
                VaultState.AVAILABLE, null);
    }
}
