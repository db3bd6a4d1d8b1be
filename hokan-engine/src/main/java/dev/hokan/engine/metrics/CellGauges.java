package dev.hokan.engine.metrics;

import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.ContinuousStatus;
import dev.hokan.catalog.cell.vault.VaultContents;
import dev.hokan.engine.CellContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cell's catalog says when a scrape asks, in one read: the vaults' contents, how old each protected
 * resource's newest restorable state is (the RPO achieved), and how far each continuous backup is behind.
 */
public final class CellGauges {
    static final String VAULT_POINTS = "hokan_vault_recovery_points";
    static final String VAULT_BYTES = "hokan_vault_backup_size_bytes";
    static final String RPO_AGE = "hokan_resource_newest_recovery_point_age_seconds";
    static final String CONTINUOUS_LAG = "hokan_continuous_backup_lag_seconds";

    private final CellContext cell;

    public CellGauges(CellContext cell) {
        this.cell = cell;
    }

    private record Contents(List<VaultContents> vaults, Map<String, Instant> newestCompleted,
                            List<ContinuousBackup> continuous) {
    }

    void collect(Gauges gauges) {
        Contents contents = cell.catalog().read(tx -> new Contents(tx.recoveryPoints().contentsOfVaults(),
                tx.recoveryPoints().newestCompletedByResource(), tx.continuousBackups().inStatus(ContinuousStatus.ACTIVE)));
        Instant now = cell.clock().now();
        String account = cell.account().accountId();
        String region = cell.account().region();
        gauges.family(VAULT_POINTS, "Recovery points in a vault.", "account", "region", "vault");
        gauges.family(VAULT_BYTES, "Sum of the BackupSizeInBytes of a vault's recovery points.",
                "account", "region", "vault");
        for (VaultContents v : contents.vaults()) {
            gauges.set(VAULT_POINTS, v.recoveryPoints(), account, region, v.vaultName());
            gauges.set(VAULT_BYTES, v.backupSizeInBytes(), account, region, v.vaultName());
        }
        Map<String, Instant> newest = new HashMap<>(contents.newestCompleted());
        gauges.family(CONTINUOUS_LAG, "How far the latest restorable time of an active continuous backup is"
                + " behind the service clock.", "account", "region", "vault", "resource_arn");
        for (ContinuousBackup c : contents.continuous()) {
            if (c.latestRestorable() != null) {
                gauges.set(CONTINUOUS_LAG, seconds(c.latestRestorable(), now), account, region, c.vaultName(),
                        c.resourceArn());
                newest.merge(c.resourceArn(), c.latestRestorable(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        gauges.family(RPO_AGE, "Age on the service clock of a resource's newest restorable state: its newest"
                + " COMPLETED recovery point, or the latest restorable time of its continuous backup.",
                "account", "region", "resource_arn");
        newest.forEach((resourceArn, at) -> gauges.set(RPO_AGE, seconds(at, now), account, region, resourceArn));
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
    }
}
