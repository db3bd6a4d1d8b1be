package dev.hokan.catalog.cell.report;

import java.time.Instant;
import java.util.List;

/**
 * One run of a report plan over the jobs of {@code [periodStart, periodEnd)}: the template and destination bucket
 * are the plan's when the job was created; {@code s3Keys} are the objects it wrote, once it has completed;
 * {@code nodeId} the node running it.
 */
public record ReportJob(String jobId, String planName, String reportPlanArn, String template, ReportJobStatus status,
                        String statusMessage, Instant creationTime, Instant completionTime, Instant periodStart,
                        Instant periodEnd, String s3BucketName, List<String> s3Keys, String nodeId) {
}
