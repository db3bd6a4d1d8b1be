package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.vault.RecoveryPoint;

/**
 * A recovery point of another account's air-gapped vault that the restore access vault {@code accessVaultName} of
 * the reading account gives access to, with the storage that holds its data (the owner's).
 */
public record SharedPoint(String accessVaultName, RecoveryPoint point, VaultStorage storage) {
}
