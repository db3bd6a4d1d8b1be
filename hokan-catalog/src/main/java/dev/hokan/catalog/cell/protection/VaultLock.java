package dev.hokan.catalog.cell.protection;

import java.time.Instant;

/**
 * A vault's Vault Lock: the retention new recovery points must have, in days (null: no limit), and in compliance
 * mode the {@code lockDate} from which nobody can change or remove it; null {@code lockDate} is governance mode.
 */
public record VaultLock(String vaultName, Long minRetentionDays, Long maxRetentionDays, Instant lockDate,
                        Instant creationDate) {

    public boolean isImmutableAt(Instant now) {
        return lockDate != null && !now.isBefore(lockDate);
    }
}
