package dev.hokan.engine.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.VaultContents;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.iam.PolicyDocuments;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KmsVaultSealers;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class VaultService {
    static final int MAX_VAULTS = 300;
    public static final String DEFAULT_VAULT = "Default";

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final KmsVaultSealers sealers;
    private final Map<String, String> encryptionKeys = new ConcurrentHashMap<>();

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
        return catalog.write(tx -> {
            var existing = tx.vaults().find(name);
            if (existing.isPresent()) {
                BackupVault v = existing.get();
                if (creatorRequestId != null && creatorRequestId.equals(v.creatorRequestId())) {
                    return v;
                }
                throw ServiceException.alreadyExists("Backup vault " + name + " already exists",
                        account.vaultArn(name), v.creatorRequestId());
            }
            return insert(tx, name, checkedTags, keyArn, creatorRequestId);
        });
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
        if (tx.vaults().count() >= MAX_VAULTS) {
            throw ServiceException.limitExceeded("This account already has " + MAX_VAULTS + " backup vaults");
        }
        BackupVault v = new BackupVault(name, clock.now(), creatorRequestId, keyArn, 0);
        tx.vaults().insert(v);
        tx.tags().put(account.vaultArn(name), tags);
        try {
            storage.create(name, sealers.sealer(keyArn, name));
        } catch (IOException e) {
            throw ServiceException.invalidParameter(e.getMessage(), e);
        }
        return v;
    }

    /** The ARN of the key the vault is sealed under (a vault's key never changes); the master key's once it is gone. */
    public String encryptionKeyArn(String name) {
        String known = encryptionKeys.get(name);
        if (known != null) {
            return known;
        }
        return catalog.read(tx -> tx.vaults().find(name)).map(v -> {
            encryptionKeys.put(name, v.encryptionKeyArn());
            return v.encryptionKeyArn();
        }).orElse(account.masterKeyArn());
    }

    /** AWS Backup's EncryptionKeyType of a vault sealed under {@code keyArn}. */
    public static String encryptionKeyType(String keyArn) {
        return KeyReference.isKeyArn(keyArn) ? "CUSTOMER_MANAGED_KMS_KEY" : "AWS_OWNED_KMS_KEY";
    }

    public BackupVault describe(String name) {
        Names.vault(name);
        return catalog.read(tx -> find(tx, name));
    }

    public static BackupVault find(CellTx tx, String name) {
        return tx.vaults().find(name).orElseThrow(() -> ServiceException.notFound("Backup vault " + name
                + " does not exist"));
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

    public Page<BackupVault> list(PageRequest page) {
        return catalog.read(tx -> tx.vaults().list(page));
    }

    public void delete(String name) {
        Names.vault(name);
        catalog.write(tx -> {
            BackupVault v = find(tx, name);
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
            tx.vaults().delete(name);
            tx.vaultLocks().delete(name);
            tx.vaultAccessPolicies().delete(name);
            tx.vaultNotifications().delete(name);
            tx.tags().removeAll(account.vaultArn(name));
            storage.delete(name);
            return null;
        });
        encryptionKeys.remove(name);
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
        return catalog.read(tx -> tx.vaultAccessPolicies().find(name))
                .map(document -> Policy.backupVaultAccess(name, PolicyDocuments.parse(document)));
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
