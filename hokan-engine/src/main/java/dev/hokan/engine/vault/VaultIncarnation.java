package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.VaultType;
import java.time.Instant;

/**
 * The vault the catalog holds under a name now, told from an earlier vault of that name (deleted, through any node,
 * and created again) by its creation date, which {@link VaultService} makes differ from the earlier one's; where its
 * storage lies and the ARN of the key that seals it. Read from the catalog at every use of a vault's storage, so that
 * no node goes on using what it opened, or learnt, of a vault that is gone. {@code created} and {@code keyArn} are
 * null when the catalog holds no vault of the name (the master key seals it then).
 */
public record VaultIncarnation(Instant created, boolean airGapped, String keyArn) {
    /** No vault of the name in the catalog, or no catalog at all (tools that open vaults under the master key). */
    public static final VaultIncarnation UNCATALOGUED = new VaultIncarnation(null, false, null);

    public static VaultIncarnation of(BackupVault vault) {
        return new VaultIncarnation(vault.creationDate(),
                vault.type() == VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT, vault.encryptionKeyArn());
    }
}
