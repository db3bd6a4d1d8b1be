package dev.hokan.catalog.cell.report;

import java.time.Instant;

/**
 * A report plan. {@code dailyUntil} is how far its daily runs have been handled; the last attempted and successful
 * execution times are those of its latest report jobs that ended and that completed.
 */
public record ReportPlan(String name, String arn, String description, ReportSetting setting,
                         ReportDeliveryChannel deliveryChannel, Instant creationTime,
                         Instant lastAttemptedExecutionTime, Instant lastSuccessfulExecutionTime, Instant dailyUntil) {
}
