package dev.hokan.catalog.cell.report;

import java.util.List;

/** Where a report plan's reports go: a bucket, a key prefix (null: none) and the formats written. */
public record ReportDeliveryChannel(String s3BucketName, String s3KeyPrefix, List<String> formats) {
}
