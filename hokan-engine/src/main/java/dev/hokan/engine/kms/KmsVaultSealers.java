package dev.hokan.engine.kms;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.vault.VaultIncarnation;
import dev.hokan.engine.vault.VaultSealers;
import dev.hokan.store.crypto.KeySealer;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.util.Optional;

/**
 * The sealers of a cell's vaults: a vault created with a KMS key is sealed under it, checked usable at every use;
 * any other under the master key.
 */
public final class KmsVaultSealers implements VaultSealers {
    private final CellCatalog catalog;
    private final MasterKey master;
    private final KeyService keys;

    private final Account account;

    public KmsVaultSealers(CellContext cell, MasterKey master, KeyService keys) {
        this.catalog = cell.catalog();
        this.account = cell.account();
        this.master = master;
        this.keys = keys;
    }

    /**
     * The key a new vault is to be sealed under, as CreateBackupVault's {@code EncryptionKeyArn} names it: the master
     * key when it is absent (or names the master key), otherwise an enabled KMS key of the vault's account and region,
     * by its ARN or an alias; answers the ARN to record.
     */
    public String keyFor(String encryptionKeyArn) {
        if (encryptionKeyArn == null || encryptionKeyArn.equals(account.masterKeyArn())) {
            return account.masterKeyArn();
        }
        try {
            KeyReference reference = KeyReference.parse(encryptionKeyArn);
            if (!reference.accountOr(account.accountId()).equals(account.accountId())
                    || !reference.regionOr(account.region()).equals(account.region())) {
                throw ServiceException.invalidParameter("EncryptionKeyArn " + encryptionKeyArn + " is not a key of"
                        + " account " + account.accountId() + " in " + account.region() + ": a vault is sealed under"
                        + " a key of its own account and region");
            }
            return keys.keyArn(keys.requireUsable(reference));
        } catch (KmsException e) {
            throw ServiceException.invalidParameter("EncryptionKeyArn " + encryptionKeyArn + " cannot encrypt a"
                    + " vault (" + e.error().awsName() + "): " + e.getMessage());
        }
    }

    @Override
    public VaultIncarnation incarnation(String vaultName) {
        return catalog.read(tx -> tx.vaults().find(vaultName)).map(VaultIncarnation::of)
                .orElse(VaultIncarnation.UNCATALOGUED);
    }

    /**
     * The ARN of the KMS key a vault records as sealing it ({@link KeySealer#fingerprint}, as {@code Vault.sealedUnder}
     * reads it), or empty when the master key seals it.
     */
    public static Optional<String> keyArnOf(String sealedUnder) {
        return sealedUnder.startsWith(KmsKeySealer.FINGERPRINT_PREFIX)
                ? Optional.of(sealedUnder.substring(KmsKeySealer.FINGERPRINT_PREFIX.length())) : Optional.empty();
    }

    /** The sealer of a vault whose key is {@code keyArn}. */
    @Override
    public KeySealer sealer(String keyArn, String vaultName) throws IOException {
        if (!KeyReference.isKeyArn(keyArn)) {
            return master;
        }
        try {
            keys.requireUsable(KeyReference.parse(keyArn));
        } catch (KmsException e) {
            throw KmsKeySealer.unavailable(keyArn, vaultName, e);
        }
        return new KmsKeySealer(keys, keyArn, vaultName);
    }
}
