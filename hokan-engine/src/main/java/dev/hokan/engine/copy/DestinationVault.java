package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.protection.VaultLock;
import java.time.Instant;

/**
 * What the vault a copy went to is, as its site tells: the remote region whose site keeps it (null: a vault of this
 * deployment), whether it is logically air-gapped (kept apart under a compliance lock of its own), and its Vault Lock
 * (null: none).
 */
public record DestinationVault(String remoteRegion, boolean airGapped, VaultLock lock) {

    /** Whether nobody can delete its points before they expire: air-gapped, or a compliance lock past its date. */
    public boolean immutableAt(Instant now) {
        return airGapped || (lock != null && lock.isImmutableAt(now));
    }
}
