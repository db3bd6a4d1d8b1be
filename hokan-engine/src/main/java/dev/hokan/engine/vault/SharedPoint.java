package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Account;

/**
 * A recovery point of another account's air-gapped vault that the restore access vault {@code accessVaultName} of
 * the reading account gives access to, with the account that owns it, the storage that holds its data (the owner's)
 * and the key its vault is sealed under.
 */
public record SharedPoint(String accessVaultName, RecoveryPoint point, Account owner, VaultStorage storage,
                          String encryptionKeyArn) {
}
