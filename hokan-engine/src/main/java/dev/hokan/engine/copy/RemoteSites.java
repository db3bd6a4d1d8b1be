package dev.hokan.engine.copy;

import java.util.Optional;

/** Reaches vaults of regions other Hokan deployments serve; the HTTP layer provides it. */
public interface RemoteSites {
    /** A vault in a remote region as a copy's destination; the remote deployment applies its own rules. */
    CopyTarget vault(RemoteRegion region, String vaultArn);

    /**
     * The vault of a remote region as that site describes it to this deployment's credentials there; empty when the
     * site does not answer or does not let them see it.
     */
    Optional<DestinationVault> describe(RemoteRegion region, String vaultArn);
}
