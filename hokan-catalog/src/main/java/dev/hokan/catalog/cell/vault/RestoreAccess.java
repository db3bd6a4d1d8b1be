package dev.hokan.catalog.cell.vault;

import java.time.Instant;

/** Access to an air-gapped vault of this cell that a restore access vault of another account holds. */
public record RestoreAccess(String vaultName, String restoreAccessVaultArn, Instant creationDate,
                            String requesterComment) {
}
