package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.engine.Account;
import java.time.Instant;
import java.util.Map;

/**
 * What a vault records of itself (its note {@code vault}, JSON): the catalog's row, its tags, its access policy and
 * its Vault Lock, each null when it has none, so that the catalog can be rebuilt from the vaults alone.
 */
public record VaultRecord(int format, String accountId, String region, String vaultName, Instant creationDate,
                          String creatorRequestId, String encryptionKeyArn, Map<String, String> tags,
                          String accessPolicy, LockRecord lock) {
    static final String NOTE = "vault";

    /** The vault's lock: the retention bounds in days and, in compliance mode, when it became immutable. */
    public record LockRecord(Long minRetentionDays, Long maxRetentionDays, Instant lockDate, Instant creationDate) {
    }

    static VaultRecord of(Account account, BackupVault v, Map<String, String> tags, String accessPolicy,
                          VaultLock lock) {
        return new VaultRecord(PointRecord.FORMAT, account.accountId(), account.region(), v.name(), v.creationDate(),
                v.creatorRequestId(), v.encryptionKeyArn(), tags, accessPolicy, lock == null ? null
                : new LockRecord(lock.minRetentionDays(), lock.maxRetentionDays(), lock.lockDate(), lock.creationDate()));
    }

    public BackupVault vault() {
        return new BackupVault(vaultName, creationDate, creatorRequestId, encryptionKeyArn, 0);
    }

    /** The vault's lock, if it had one. */
    public VaultLock vaultLock() {
        return lock == null ? null : new VaultLock(vaultName, lock.minRetentionDays(), lock.maxRetentionDays(),
                lock.lockDate(), lock.creationDate());
    }
}
