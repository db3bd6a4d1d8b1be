package dev.hokan.engine.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.protection.DescribedVault;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.VaultContents;
import dev.hokan.catalog.cell.vault.VaultState;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.iam.PolicyDocuments;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KmsVaultSealers;
import dev.hokan.store.crypto.KeySealer;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

public final class VaultService {
    static final int MAX_VAULTS = 300;
    public static final String DEFAULT_VAULT = "Default";
    /** The settings map of the latest creation date of a vault of each name, in epoch milliseconds. */
    private static final String CREATION_DATES = "vault-creation-dates";

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final KmsVaultSealers sealers;

    public VaultService(CellContext cell, VaultStorage storage, KmsVaultSealers sealers) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.storage = storage;
        this.sealers = sealers;
    }

    /**
     * Creates the vault. A repeated call with the CreatorRequestId that created it returns it unchanged, so SDK
     * retries are safe; any other create of an existing name is refused.
     */
    public BackupVault create(String name, Map<String, String> tags, String encryptionKeyArn, String creatorRequestId) {
        Names.vault(name);
        Names.creatorRequestId(creatorRequestId);
        Map<String, String> checkedTags = Names.tags("BackupVaultTags", tags);
        String keyArn = sealers.keyFor(encryptionKeyArn);
        return catalog.write(tx -> retried(tx, name, creatorRequestId, VaultType.BACKUP_VAULT)
                .orElseGet(() -> insert(tx, name, checkedTags, keyArn, creatorRequestId)));
    }

    /**
     * Creates the vault named Default when {@code vaultName} names it and it does not exist. AWS's console creates
     * it the first time someone opens its vaults page, never the API; Hokan, which has no console yet, creates it
     * for the first backup into it, so that plans made from templates (which target Default) and backups naming it
     * work without a CreateBackupVault first.
     */
    public void createDefaultIfMissing(String vaultName) {
        if (!DEFAULT_VAULT.equals(vaultName)) {
            return;
        }
        catalog.write(tx -> tx.vaults().find(DEFAULT_VAULT).isPresent() ? null
                : insert(tx, DEFAULT_VAULT, Map.of(), account.masterKeyArn(), null));
    }

    private BackupVault insert(CellTx tx, String name, Map<String, String> tags, String keyArn,
                               String creatorRequestId) {
        BackupVault v = new BackupVault(name, creationDate(tx, name), creatorRequestId, keyArn, 0);
        insert(tx, v, tags);
        storage.create(v, sealer(keyArn, name));
        return v;
    }

    /**
     * The creation date of a new vault named {@code name}: now, or just after the date of the vault of that name
     * created last when the clock has not passed it (a manual clock standing still). The nodes of a cluster tell a
     * vault from an earlier one of its name by this date ({@link VaultIncarnation}), so it must differ.
     */
    private Instant creationDate(CellTx tx, String name) {
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> dates = new HashMap<>(tx.settings().map(CREATION_DATES).orElse(Map.of()));
        Instant date = Optional.ofNullable(dates.get(name)).map(millis -> Instant.ofEpochMilli(Long.parseLong(millis)))
                .filter(earlier -> !earlier.isBefore(now)).map(earlier -> earlier.plusMillis(1)).orElse(now);
        dates.put(name, Long.toString(date.toEpochMilli()));
        tx.settings().putMap(CREATION_DATES, dates);
        return date;
    }

    private KeySealer sealer(String keyArn, String name) {
        try {
            return sealers.sealer(keyArn, name);
        } catch (IOException e) {
            throw ServiceException.invalidParameter(e.getMessage(), e);
        }
    }

    /**
     * The vault a retried create finds: the one of that name, type and CreatorRequestId, so that SDK retries are
     * safe; empty when there is no vault of that name, and any other create of an existing name is refused.
     */
    Optional<BackupVault> retried(CellTx tx, String name, String creatorRequestId, VaultType type) {
        Optional<BackupVault> existing = tx.vaults().find(name);
        if (existing.isEmpty()) {
            return existing;
        }
        BackupVault v = existing.get();
        if (creatorRequestId != null && creatorRequestId.equals(v.creatorRequestId()) && v.type() == type) {
            return existing;
        }
        throw ServiceException.alreadyExists("Backup vault " + name + " already exists", account.vaultArn(name),
                v.creatorRequestId());
    }

    /** Records a vault of any type with its tags, within the account's limit. */
    void insert(CellTx tx, BackupVault v, Map<String, String> tags) {
        if (tx.vaults().count() >= MAX_VAULTS) {
            throw ServiceException.limitExceeded("This account already has " + MAX_VAULTS + " backup vaults");
        }
        tx.vaults().insert(v);
        tx.tags().put(account.vaultArn(v.name()), tags);
    }

    /**
     * Creates a logically air-gapped vault: sealed under the master key (a key no user holds) unless
     * {@code encryptionKeyArn} names a customer-managed key, as AWS allows; compliance-locked from
     * its creation with the retention limits given, its storage apart from the other vaults'. It is CREATING until
     * its storage exists, then AVAILABLE; a repeated call with its CreatorRequestId finishes an interrupted creation.
     */
    public BackupVault createAirGapped(String name, Map<String, String> tags, Long minRetentionDays,
                                       Long maxRetentionDays, String encryptionKeyArn, String creatorRequestId) {
        Names.vault(name);
        Names.creatorRequestId(creatorRequestId);
        Map<String, String> checkedTags = Names.tags("BackupVaultTags", tags);
        AirGap.checkRetention(minRetentionDays, maxRetentionDays);
        String keyArn = sealers.keyFor(encryptionKeyArn);
        BackupVault creating = catalog.write(tx -> {
            Optional<BackupVault> retried = retried(tx, name, creatorRequestId,
                    VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT);
            if (retried.isPresent()) {
                return retried.get();
            }
            BackupVault v = new BackupVault(name, creationDate(tx, name), creatorRequestId, keyArn, 0,
                    VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT, VaultState.CREATING, null);
            insert(tx, v, checkedTags);
            AirGap.lock(tx, account, v, minRetentionDays, maxRetentionDays);
            return v;
        });
        if (creating.state() != VaultState.CREATING) {
            return creating;
        }
        try {
            storage.create(creating, sealer(creating.encryptionKeyArn(), name));
        } catch (ServiceException e) {
            catalog.write(tx -> {
                tx.vaults().setState(name, VaultState.FAILED);
                return null;
            });
            throw e;
        }
        return catalog.write(tx -> {
            tx.vaults().setState(name, VaultState.AVAILABLE);
            return find(tx, name);
        });
    }

    /**
     * The ARN of the key the vault is sealed under; the master key's once it is gone. Read at every call: a vault's key
     * never changes, but another node may have deleted the vault and created another of its name under another key.
     */
    public String encryptionKeyArn(String name) {
        return catalog.read(tx -> tx.vaults().find(name)).map(BackupVault::encryptionKeyArn)
                .orElse(account.masterKeyArn());
    }

    /** {@link #encryptionKeyArn} of each vault, read once per vault: for one answer listing points or jobs of many. */
    public Function<String, String> encryptionKeyArns() {
        Map<String, String> read = new HashMap<>();
        return name -> read.computeIfAbsent(name, this::encryptionKeyArn);
    }

    /** AWS Backup's EncryptionKeyType of a vault sealed under {@code keyArn}. */
    public static String encryptionKeyType(String keyArn) {
        return KeyReference.isKeyArn(keyArn) ? "CUSTOMER_MANAGED_KMS_KEY" : "AWS_OWNED_KMS_KEY";
    }

    public BackupVault describe(String name) {
        Names.vault(name);
        return catalog.read(tx -> find(tx, name));
    }

    /** The vault, if it exists. */
    public Optional<BackupVault> findIfAny(String name) {
        return catalog.read(tx -> tx.vaults().find(name));
    }

    /**
     * The vault with its lock and access policy, read in one query; empty when there is no such vault. Authorising a
     * call on a vault needs its policy, and describing it the rest.
     */
    public Optional<DescribedVault> describedIfAny(String name) {
        return catalog.read(tx -> tx.vaultLocks().describe(name));
    }

    /** {@code described} as {@link #describedIfAny} read it, or the AWS error for a vault that does not exist. */
    public static DescribedVault existing(String name, Optional<DescribedVault> described) {
        Names.vault(name);
        return described.orElseThrow(() -> noSuchVault(name));
    }

    /** The access policy of a described vault as the policy engine weighs it. */
    public static Optional<Policy> accessPolicyOf(DescribedVault described) {
        return described.accessPolicy().map(document -> Policy.backupVaultAccess(described.vault().name(),
                PolicyDocuments.parse(document)));
    }

    public static BackupVault find(CellTx tx, String name) {
        return tx.vaults().find(name).orElseThrow(() -> noSuchVault(name));
    }

    private static ServiceException noSuchVault(String name) {
        return ServiceException.notFound("Backup vault " + name + " does not exist");
    }

    /** The vault's recovery points and what its storage holds for them. */
    public VaultUsage usage(String name) {
        Names.vault(name);
        VaultContents contents = catalog.read(tx -> {
            find(tx, name);
            return tx.recoveryPoints().contentsOfVaults().stream().filter(v -> v.vaultName().equals(name))
                    .findFirst().orElseThrow();
        });
        try {
            return new VaultUsage(name, contents.recoveryPoints(), contents.backupSizeInBytes(),
                    storage.storedBlobs(name));
        } catch (IOException e) {
            throw ServiceException.dependencyFailure("The storage of backup vault " + name + " could not be read: "
                    + e.getMessage(), e);
        }
    }

    /** The vaults of one type ({@code type} null: all). */
    public Page<BackupVault> list(VaultType type, PageRequest page) {
        return catalog.read(tx -> tx.vaults().list(type, page));
    }

    public void delete(String name) {
        Names.vault(name);
        catalog.write(tx -> {
            BackupVault v = find(tx, name);
            if (v.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT) {
                throw ServiceException.invalidRequest("Backup vault " + name + " is a restore access backup vault:"
                        + " it ends when the owner of " + v.sourceVaultArn() + " revokes it"
                        + " (RevokeRestoreAccessBackupVault)");
            }
            if (v.numberOfRecoveryPoints() > 0) {
                throw ServiceException.invalidRequest(
                        "Backup vault cannot be deleted because it contains recovery points.");
            }
            if (tx.backupJobs().countUnfinished(name) > 0) {
                throw ServiceException.invalidRequest("Backup vault " + name
                        + " cannot be deleted while backup jobs into it are running or waiting to run");
            }
            if (tx.copyJobs().countUnfinishedInto(account.vaultArn(name)) > 0) {
                throw ServiceException.invalidRequest("Backup vault " + name
                        + " cannot be deleted while copy jobs into it are running or waiting to run");
            }
            if (tx.restoreAccesses().list(name, new PageRequest(1, null)).items().size() > 0) {
                throw ServiceException.invalidRequest("Backup vault " + name + " cannot be deleted while restore"
                        + " access backup vaults of other accounts give access to it; revoke them first"
                        + " (RevokeRestoreAccessBackupVault)");
            }
            tx.vaults().delete(name);
            tx.vaultLocks().delete(name);
            tx.vaultAccessPolicies().delete(name);
            tx.vaultNotifications().delete(name);
            tx.tags().removeAll(account.vaultArn(name));
            storage.delete(v);
            return null;
        });
    }

    /** Sets the vault's access policy; the document must be a valid policy and is kept verbatim. */
    public void putAccessPolicy(String name, String document) {
        Names.vault(name);
        if (document == null || document.isBlank()) {
            throw ServiceException.missingParameter("Policy");
        }
        PolicyDocuments.parse(document);
        catalog.write(tx -> {
            find(tx, name);
            tx.vaultAccessPolicies().put(name, document);
            return null;
        });
    }

    public String accessPolicy(String name) {
        Names.vault(name);
        return catalog.read(tx -> {
            find(tx, name);
            return tx.vaultAccessPolicies().find(name);
        }).orElseThrow(() -> ServiceException.notFound("Backup vault " + name + " has no access policy"));
    }

    /**
     * The vault's access policy as the policy engine weighs it; empty when it has none or there is no such vault.
     * Read from the catalog at each call: another node of a cluster may have changed it a moment ago.
     */
    public Optional<Policy> accessPolicyIfAny(String name) {
        return describedIfAny(name).flatMap(VaultService::accessPolicyOf);
    }

    public void deleteAccessPolicy(String name) {
        Names.vault(name);
        catalog.write(tx -> {
            find(tx, name);
            tx.vaultAccessPolicies().delete(name);
            return null;
        });
    }
}
