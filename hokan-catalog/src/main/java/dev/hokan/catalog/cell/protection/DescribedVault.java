package dev.hokan.catalog.cell.protection;

import dev.hokan.catalog.cell.vault.BackupVault;
import java.util.Optional;

/** A vault with what describing and authorising a call on it need: its Vault Lock and its access policy, if any. */
public record DescribedVault(BackupVault vault, Optional<VaultLock> lock, Optional<String> accessPolicy) {
}
