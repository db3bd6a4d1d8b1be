package dev.hokan.engine;

import dev.hokan.catalog.Catalog;
import java.util.Optional;

/** Finds the vault a DestinationBackupVaultArn names. */
final class CopyTargets {
    private final Catalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final ExpiryWindow expiryWindow;

    CopyTargets(Catalog catalog, ServiceClock clock, Account account, VaultStorage storage,
                ExpiryWindow expiryWindow) {
        this.catalog = catalog;
        this.clock = clock;
        this.account = account;
        this.storage = storage;
        this.expiryWindow = expiryWindow;
    }

    /** The name of the vault a backup vault ARN ({@code arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME}) names. */
    static Optional<String> vaultName(String vaultArn) {
        return Arn.parse(vaultArn)
                .filter(arn -> arn.service().equals("backup") && !arn.region().isEmpty() && !arn.account().isEmpty())
                .flatMap(arn -> arn.resourceId("backup-vault"));
    }

    /**
     * The target a destination vault ARN names: a vault of this engine's account and region. Whether that vault
     * exists is for the target to say when the copy runs.
     */
    CopyTarget resolve(String vaultArn) {
        String name = vaultName(vaultArn).orElseThrow(() -> ServiceException.invalidParameter(
                "DestinationBackupVaultArn " + vaultArn + " is not a backup vault ARN"));
        if (!vaultArn.equals(account.vaultArn(name))) {
            throw ServiceException.invalidRequest("Backup vault " + vaultArn + " is not in account "
                    + account.accountId() + ", region " + account.region() + ", which this server answers for;"
                    + " copies into other accounts and regions are not supported yet");
        }
        return new VaultCopyTarget(catalog, clock, account, storage, expiryWindow, name);
    }
}
