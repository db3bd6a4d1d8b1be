package dev.hokan.engine.copy;

/** Reaches vaults of regions other Hokan deployments serve; the HTTP layer provides it. */
public interface RemoteSites {
    /** A vault in a remote region as a copy's destination; the remote deployment applies its own rules. */
    CopyTarget vault(RemoteRegion region, String vaultArn);

    /** For a deployment without remote regions. */
    RemoteSites NONE = (region, vaultArn) -> {
        throw new IllegalStateException("No remote regions are configured");
    };
}
