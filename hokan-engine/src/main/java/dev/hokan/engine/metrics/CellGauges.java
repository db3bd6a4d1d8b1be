package dev.hokan.engine.metrics;

import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.notification.DeliveryStatus;
import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.ContinuousStatus;
import dev.hokan.catalog.cell.vault.VaultContents;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.notification.DeliveryService.AttemptResult;
import dev.hokan.engine.plan.PlanTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one cell's catalog says when a scrape asks, in one read: the vaults' contents, how old each protected
 * resource's newest restorable state is (the RPO achieved) and the RPO its newest point was made for, how far each continuous backup is behind, the RPO
 * and RTO that each resource's latest restore test measured, and the notification outbox by status; with them, the cell's notification delivery attempts since the start.
 */
public final class CellGauges {
    static final String VAULT_POINTS = "hokan_vault_recovery_points";
    static final String VAULT_BYTES = "hokan_vault_backup_size_bytes";
    static final String RPO_AGE = "hokan_resource_newest_recovery_point_age_seconds";
    static final String RPO_TARGET = "hokan_resource_rpo_seconds";
    static final String CONTINUOUS_LAG = "hokan_continuous_backup_lag_seconds";
    static final String DELIVERY_ATTEMPTS = "hokan_notification_delivery_attempts_total";
    static final String OUTBOX = "hokan_notification_outbox_deliveries";
    static final String TEST_RPO = "hokan_restore_test_rpo_seconds";
    static final String TEST_RTO = "hokan_restore_test_rto_seconds";
    static final String TESTS = "hokan_restore_tests";

    private final CellContext cell;
    private final Supplier<Map<AttemptResult, Long>> deliveryAttempts;

    public CellGauges(CellContext cell, Supplier<Map<AttemptResult, Long>> deliveryAttempts) {
        this.cell = cell;
        this.deliveryAttempts = deliveryAttempts;
    }

    private record Contents(List<VaultContents> vaults, Map<String, Instant> newestCompleted,
                            Map<String, String> rpoMinutes, List<ContinuousBackup> continuous, Map<DeliveryStatus, Long> outbox,
                            List<RestoreJob> restoreTests) {
    }

    void collect(Gauges gauges) {
        Instant now = cell.clock().now();
        Contents contents = cell.catalog().read(tx -> {
            Map<DeliveryStatus, Long> outbox = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus s : DeliveryStatus.values()) {
                outbox.put(s, tx.deliveries().count(s));
            }
            return new Contents(tx.recoveryPoints().contentsOfVaults(), tx.recoveryPoints().newestCompletedByResource(),
                    tx.recoveryPoints().newestCompletedTag(cell.account().recoveryPointArn(""), PlanTemplates.RPO_TAG),
                    tx.continuousBackups().inStatus(ContinuousStatus.ACTIVE), outbox,
                    // the end is exclusive: a test that completed at this very instant of a manual clock counts
                    tx.restoreJobs().testsCompletedBetween(Instant.EPOCH, now.plusMillis(1)));
        });
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
        gauges.family(RPO_TARGET, "The RPO a resource's newest COMPLETED recovery point was made for: its"
                + " hokan:rpo-minutes tag, which the tier templates' rules put on their points.",
                "account", "region", "resource_arn");
        contents.rpoMinutes().forEach((resourceArn, minutes) -> minutes(minutes).ifPresent(m ->
                gauges.set(RPO_TARGET, m * 60.0, account, region, resourceArn)));
        restoreTests(gauges, contents.restoreTests(), account, region);
        gauges.family(OUTBOX, "Notification deliveries in the outbox, by status.", "account", "region", "status");
        contents.outbox().forEach((status, n) -> gauges.set(OUTBOX, n, account, region, lower(status)));
        gauges.counterFamily(DELIVERY_ATTEMPTS, "Notification delivery attempts since the process started, by what"
                + " they came to.", "account", "region", "result");
        deliveryAttempts.get().forEach((result, n) -> gauges.set(DELIVERY_ATTEMPTS, n, account, region,
                lower(result)));
    }

    private static void restoreTests(Gauges gauges, List<RestoreJob> tests, String account, String region) {
        gauges.family(TEST_RPO, "Age of the recovery point that a resource's latest completed restore test restored.",
                "account", "region", "resource_arn");
        gauges.family(TEST_RTO, "How long a resource's latest completed restore test took to restore it.",
                "account", "region", "resource_arn");
        gauges.family(TESTS, "Restore tests in the catalog, by the validation status put for them.",
                "account", "region", "validation_status");
        Map<String, RestoreJob> latest = new HashMap<>();
        Map<String, Long> byValidation = new HashMap<>();
        for (RestoreJob test : tests) {
            if (test.test().rpo() != null && test.test().rto() != null) {
                latest.merge(test.resourceArn(), test,
                        (a, b) -> b.completionDate().isBefore(a.completionDate()) ? a : b);
            }
            if (test.test().validationStatus() != null) {
                byValidation.merge(test.test().validationStatus().name(), 1L, Long::sum);
            }
        }
        latest.forEach((resourceArn, test) -> {
            gauges.set(TEST_RPO, test.test().rpo().toMillis() / 1000.0, account, region, resourceArn);
            gauges.set(TEST_RTO, test.test().rto().toMillis() / 1000.0, account, region, resourceArn);
        });
        byValidation.forEach((status, n) -> gauges.set(TESTS, n, account, region, status));
    }

    /** A tag's whole number of minutes; a value a user wrote by hand may be anything. */
    private static Optional<Long> minutes(String value) {
        try {
            long minutes = Long.parseLong(value.strip());
            return minutes > 0 ? Optional.of(minutes) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
    }
}
