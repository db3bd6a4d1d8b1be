package dev.hokan.engine.copy;

import dev.hokan.engine.Arn;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.VaultStorage;
import java.util.Optional;

/** The vaults of one engine as copy destinations. */
public final class CopyTargets {
    private final CellContext cell;
    private final VaultStorage storage;
    private final ExpiryWindow expiryWindow;

    public CopyTargets(CellContext cell, VaultStorage storage,
                ExpiryWindow expiryWindow) {
        this.cell = cell;
        this.storage = storage;
        this.expiryWindow = expiryWindow;
    }

    /** The name of the vault a backup vault ARN ({@code arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME}) names. */
    public static Optional<String> vaultName(String vaultArn) {
        return Arn.parse(vaultArn)
                .filter(arn -> arn.service().equals("backup") && !arn.region().isEmpty() && !arn.account().isEmpty())
                .flatMap(arn -> arn.resourceId("backup-vault"));
    }

    /** A vault of this engine as a copy's destination. Whether that vault exists is for it to say. */
    VaultCopyTarget vault(String name) {
        return new VaultCopyTarget(cell, storage, expiryWindow, name);
    }
}
