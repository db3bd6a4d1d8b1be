package dev.hokan.engine;

import dev.hokan.catalog.Catalog;
import java.util.Optional;

/** The vaults of one engine as copy destinations. */
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

    /** A vault of this engine as a copy's destination. Whether that vault exists is for it to say. */
    VaultCopyTarget vault(String name) {
        return new VaultCopyTarget(catalog, clock, account, storage, expiryWindow, name);
    }
}
