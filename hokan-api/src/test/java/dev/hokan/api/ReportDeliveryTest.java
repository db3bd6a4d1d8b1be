package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.storage.s3.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.ReportJob;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports delivered to an S3-compatible service (moto) when the server has a report S3 endpoint: the objects are
 * where ReportDestination.S3Keys says, in AWS's key layout, and nothing goes to the data directory; a bucket that does
 * not exist fails the job and says why.
 */
class ReportDeliveryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static MotoServer moto;
    static TestServer hokan;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here (./run-tests installs it)");
        moto = MotoServer.start(MotoServer.command().orElseThrow());
        Path data = dir.resolve("data");
        hokan = TestServer.start(new ServerConfig(data, "127.0.0.1", 0, ClockMode.MANUAL, data.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 2,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH), Map.of(RootCredentials.ACCESS_KEY_ENV, TestServer.ACCESS_KEY,
                RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY)).withReportS3(moto.settings()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hokan != null) {
            hokan.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static ReportJob report(String plan) {
        String id = hokan.backup.startReportJob(r -> r.reportPlanName(plan)).reportJobId();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !List.of("CREATED",
                "RUNNING").contains(hokan.backup.describeReportJob(r -> r.reportJobId(id)).reportJob().status()));
        return hokan.backup.describeReportJob(r -> r.reportJobId(id)).reportJob();
    }

    @Test
    void reportsGoToTheBucketOfTheDeliveryChannel() throws Exception {
        moto.createBucket("audit");
        hokan.backup.createBackupVault(r -> r.backupVaultName("delivered"));
        String resource = hokan.registerDirectory("delivered-dir", Trees.sample(dir.resolve("delivered-dir"), 2), "{}");
        String jobId = hokan.backup.startBackupJob(r -> r.backupVaultName("delivered").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        BackupRestoreTest.awaitBackupOn(hokan.backup, jobId);
        hokan.backup.createReportPlan(r -> r.reportPlanName("to_s3")
                .reportSetting(s -> s.reportTemplate("BACKUP_JOB_REPORT"))
                .reportDeliveryChannel(c -> c.s3BucketName("audit").s3KeyPrefix("hokan").formats("JSON", "CSV")));

        ReportJob job = report("to_s3");
        assertThat(job.status()).as(job.statusMessage()).isEqualTo("COMPLETED");
        assertThat(job.reportDestination().s3Keys()).hasSize(2).allSatisfy(key ->
                assertThat(key).startsWith("hokan/Backup/000000000000/us-east-1/"));
        try (S3Client s3 = moto.client()) {
            String json = s3.getObjectAsBytes(r -> r.bucket("audit").key(job.reportDestination().s3Keys().get(0)))
                    .asString(StandardCharsets.UTF_8);
            JsonNode items = JSON.readTree(json).get("reportItems");
            assertThat(items).singleElement().satisfies(item ->
                    assertThat(item.get("backupJobId").asString()).isEqualTo(jobId));
            String csv = s3.getObjectAsBytes(r -> r.bucket("audit").key(job.reportDestination().s3Keys().get(1)))
                    .asString(StandardCharsets.UTF_8);
            assertThat(csv.split("\r\n")).hasSize(2);
            assertThat(csv).startsWith("reportTimePeriodStart,reportTimePeriodEnd,accountId,region,backupJobId,")
                    .contains(jobId);
        }
        assertThat(Files.exists(dir.resolve("data").resolve("reports"))).isFalse();
    }

    @Test
    void aMissingBucketFailsTheJob() {
        hokan.backup.createReportPlan(r -> r.reportPlanName("nowhere")
                .reportSetting(s -> s.reportTemplate("COPY_JOB_REPORT"))
                .reportDeliveryChannel(c -> c.s3BucketName("no-such-bucket")));
        ReportJob job = report("nowhere");
        assertThat(job.status()).isEqualTo("FAILED");
        assertThat(job.statusMessage()).contains("s3://no-such-bucket/");
        assertThat(job.reportDestination().s3Keys()).isEmpty();
        assertThat(hokan.backup.describeReportPlan(r -> r.reportPlanName("nowhere")).reportPlan()
                .lastSuccessfulExecutionTime()).isNull();
    }
}
