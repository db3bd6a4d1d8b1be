package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

/**
 * The metrics port, scraped as Prometheus does: jobs by type and final state with their durations, what backups read
 * and stored, lifecycle actions, API requests with their latency, and the gauges read from the catalog when scraped
 * (vault contents, the age of each resource's newest recovery point). The counters are the process's, which other
 * servers of the test run add to, so the test compares before and after.
 */
class MetricsTest {
    private static final String CELL = "account=\"000000000000\",region=\"us-east-1\"";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TestServer hokan;
    static BackupClient backup;

    @BeforeAll
    static void startServer() {
        hokan = TestServer.startWithMetrics(dir.resolve("data"));
        backup = hokan.backup;
    }

    @AfterAll
    static void stopServer() throws Exception {
        hokan.close();
    }

    @Test
    void aScrapeCountsJobsBytesLifecycleAndRequestsAndReadsTheCatalog() throws Exception {
        Map<String, Double> before = scrape();
        backup.createBackupVault(r -> r.backupVaultName("metered"));
        Path source = Trees.sample(dir.resolve("metered"), 2);
        String arn = hokan.registerDirectory("metered", source, "{}");
        String point = BackupRestoreTest.backupNowOn(backup, "metered", arn, null);
        String expiring = BackupRestoreTest.backupNowOn(backup, "metered", arn,
                Lifecycle.builder().deleteAfterDays(1L).build());
        long size = backup.describeRecoveryPoint(r -> r.backupVaultName("metered").recoveryPointArn(point))
                .backupSizeInBytes();

        String gone = hokan.registerDirectory("metered-gone", Files.createDirectories(dir.resolve("gone")), "{}");
        Files.delete(dir.resolve("gone"));
        String failed = backup.startBackupJob(r -> r.backupVaultName("metered").resourceArn(gone)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        assertThat(BackupRestoreTest.awaitBackupOn(backup, failed).state()).isEqualTo(BackupJobState.FAILED);
        try {
            backup.describeBackupVault(r -> r.backupVaultName("no-such-vault"));
        } catch (ResourceNotFoundException expected) {
            // counted with its status
        }
        assertThat(hokan.unsigned("GET", "/hokan/v1/clock", null).statusCode()).isEqualTo(403);

        hokan.advanceClock(Duration.ofDays(1).plusHours(1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                backup.describeBackupVault(r -> r.backupVaultName("metered")).numberOfRecoveryPoints() == 1);
        Map<String, Double> after = scrape();

        assertThat(delta(before, after, "hokan_jobs_ended_total{job_type=\"backup\",state=\"COMPLETED\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "hokan_jobs_ended_total{job_type=\"backup\",state=\"FAILED\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "hokan_job_duration_seconds_count{job_type=\"backup\",state=\"COMPLETED\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after,
                "hokan_job_duration_seconds_bucket{job_type=\"backup\",state=\"COMPLETED\",le=\"+Inf\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "hokan_backup_scanned_bytes_total{resource_type=\"Directory\"}"))
                .isEqualTo(2.0 * size);
        double stored = delta(before, after, "hokan_backup_stored_bytes_total{resource_type=\"Directory\"}");
        double fresh = delta(before, after, "hokan_backup_new_bytes_total{resource_type=\"Directory\"}");
        assertThat(fresh).as("deduplicated: the second backup added its trees, no file content")
                .isPositive().isLessThan(1.1 * size);
        assertThat(stored).isPositive();
        assertThat(delta(before, after, "hokan_lifecycle_actions_total{action=\"RecoveryPointExpired\"}"))
                .isEqualTo(1);

        assertThat(after.get("hokan_vault_recovery_points{" + CELL + ",vault=\"metered\"}")).isEqualTo(1);
        assertThat(after.get("hokan_vault_backup_size_bytes{" + CELL + ",vault=\"metered\"}")).isEqualTo(size);
        assertThat(after.get("hokan_resource_newest_recovery_point_age_seconds{" + CELL + ",resource_arn=\""
                + arn + "\"}")).as("the point left is the first; the clock moved a day and an hour since")
                .isEqualTo(Duration.ofDays(1).plusHours(1).toSeconds());
        assertThat(after).doesNotContainKey("hokan_resource_newest_recovery_point_age_seconds{" + CELL
                + ",resource_arn=\"" + gone + "\"}");
        assertThat(expiring).isNotEqualTo(point);

        assertThat(delta(before, after, "hokan_api_requests_total{operation=\"StartBackupJob\",status=\"200\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "hokan_api_requests_total{operation=\"DescribeBackupVault\",status=\"400\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "hokan_api_requests_total{operation=\"none\",status=\"403\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "hokan_api_request_duration_seconds_count{operation=\"StartBackupJob\"}"))
                .isEqualTo(3);
        assertThat(after.get("hokan_api_request_duration_seconds_bucket{operation=\"StartBackupJob\",le=\"0.005\"}"))
                .isLessThanOrEqualTo(after.get(
                        "hokan_api_request_duration_seconds_bucket{operation=\"StartBackupJob\",le=\"30\"}"));
    }

    @Test
    void aResourcesRpoIsTheOneItsNewestPointWasTaggedWith() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("tiered"));
        String arn = hokan.registerDirectory("tiered", Trees.sample(dir.resolve("tiered"), 1), "{}");
        String gauge = "hokan_resource_rpo_seconds{" + CELL + ",resource_arn=\"" + arn + "\"}";
        String hourly = backup.startBackupJob(r -> r.backupVaultName("tiered").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).recoveryPointTags(Map.of("hokan:rpo-minutes", "60"))).backupJobId();
        assertThat(BackupRestoreTest.awaitBackupOn(backup, hourly).state())
                .isEqualTo(BackupJobState.COMPLETED);
        assertThat(scrape().get(gauge)).isEqualTo(3600);

        hokan.advanceClock(Duration.ofMinutes(1));
        BackupRestoreTest.backupNowOn(backup, "tiered", arn, null);
        assertThat(scrape()).as("the newest point has no RPO tag").doesNotContainKey(gauge);
    }

    @Test
    void aScrapeShowsTheNotificationOutboxAndTheDeliveryAttempts() throws Exception {
        Map<String, Double> before = scrape();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String topic = sns("create-topic", "--name", "metered-topic").json().get("TopicArn").asString();
        sns("subscribe", "--topic-arn", topic, "--protocol", "http", "--notification-endpoint",
                "http://127.0.0.1:" + closedPort + "/sns");
        sns("publish", "--topic-arn", topic, "--message", "nobody listens");
        String retrying = "hokan_notification_delivery_attempts_total{" + CELL + ",result=\"retrying\"}";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape().getOrDefault(retrying, 0.0) > before.getOrDefault(retrying, 0.0));
        Map<String, Double> after = scrape();

        assertThat(after.get("hokan_notification_outbox_deliveries{" + CELL + ",status=\"pending\"}"))
                .as("the confirmation request waits for its next attempt").isGreaterThanOrEqualTo(1);
        assertThat(after).containsKeys("hokan_notification_outbox_deliveries{" + CELL + ",status=\"delivered\"}",
                "hokan_notification_outbox_deliveries{" + CELL + ",status=\"failed\"}");
    }

    @Test
    void theMetricsPortServesMetricsAloneAndTheApiPortNone() throws Exception {
        URI metrics = hokan.server.metricsEndpoint().orElseThrow();
        HttpResponse<String> scraped = get(metrics);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scraped.body()).contains("# TYPE hokan_jobs_ended_total counter\n")
                .contains("# TYPE hokan_api_request_duration_seconds histogram\n")
                .contains("# TYPE hokan_vault_recovery_points gauge\n");
        assertThat(get(metrics.resolve("/hokan/v1/clock")).statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(metrics).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(get(hokan.server.endpoint().resolve("/metrics")).statusCode()).isNotEqualTo(200);
    }

    private static AwsCliTest.Result sns(String... args) throws Exception {
        return NotificationsTest.ok(AwsCliTest.awsServiceAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "us-east-1", dir, "sns", args));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** Every sample of a scrape, by its series (name and labels as written). */
    static Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = get(hokan.server.metricsEndpoint().orElseThrow());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        r.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            samples.put(line.substring(0, space), value.equals("+Inf") ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(value));
        });
        return samples;
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
