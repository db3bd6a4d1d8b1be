package dev.hokan.api;

import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Arn;
import dev.hokan.engine.copy.CopyTarget;
import dev.hokan.engine.copy.CopyTargets;
import dev.hokan.engine.copy.DestinationVault;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.copy.RemoteSites;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;

/**
 * Other Hokan sites, reached over HTTP signed with the credentials the remote regions file gives for each: copies go
 * into their vaults ({@link RemoteCopyTarget}), and what such a vault is comes from the site's own DescribeBackupVault.
 */
final class RemoteSiteVaults implements RemoteSites {
    private static final Logger LOG = Logger.getLogger(RemoteSiteVaults.class.getName());

    private static HokanClient client(RemoteRegion region) {
        return new HokanClient(region.endpoint(), region.credentials(), region.region());
    }

    @Override
    public CopyTarget vault(RemoteRegion region, String vaultArn) {
        return new RemoteCopyTarget(client(region), vaultArn);
    }

    @Override
    public Optional<DestinationVault> describe(RemoteRegion region, String vaultArn) {
        Optional<String> name = CopyTargets.vaultName(vaultArn);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String account = Arn.parse(vaultArn).orElseThrow().account();
        JsonNode vault;
        try {
            vault = client(region).call("GET", "/backup-vaults/" + URLEncoder.encode(name.get(), StandardCharsets.UTF_8)
                    + "?backupVaultAccountId=" + account, null);
        } catch (IOException e) {
            LOG.log(Level.INFO, "The site of " + region.region() + " did not describe vault " + vaultArn, e);
            return Optional.empty();
        }
        Input described = Input.of(vault);
        boolean airGapped = VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT.name().equals(described.string("VaultType"));
        VaultLock lock = Boolean.TRUE.equals(described.bool("Locked")) ? new VaultLock(name.get(),
                described.longValue("MinRetentionDays"), described.longValue("MaxRetentionDays"),
                described.timestamp("LockDate"), described.timestamp("CreationDate")) : null;
        return Optional.of(new DestinationVault(region.region(), airGapped, lock));
    }
}
