package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.ConditionType;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;

/**
 * Backup plans run on the server's clock: seed 004's nightly backups of tagged directories, start windows, missed
 * firings, plan updates and restarts. Each test has its own server, so that no plan fires into another test.
 */
class SchedulerTest {
    private static final Instant DAY0 = Instant.parse("2040-03-01T00:00:00Z");
    /** AWS deletes an expired point within 8 hours of its DeleteAt; Hokan may use all of that window. */
    private static final Duration DELETION_WINDOW = Duration.ofHours(8);

    @TempDir
    Path dir;

    private static Instant at(int day, String time) {
        return DAY0.plus(Duration.ofDays(day)).plusSeconds(LocalTime.parse(time).toSecondOfDay());
    }

    private static void setClock(TestServer hokan, Instant now) {
        HttpResponse<String> r = hokan.signed("POST", "/hokan/v1/clock", "{\"Now\":" + now.getEpochSecond() + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String directory(TestServer hokan, String name, String tagsJson) throws IOException {
        Path source = Files.createDirectories(dir.resolve("sources").resolve(name));
        Files.writeString(source.resolve("data.txt"), "contents of " + name);
        return hokan.registerDirectory(name, source, tagsJson);
    }

    private static String plan(BackupClient backup, String name, BackupRuleInput.Builder... rules) {
        return backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName(name)
                .rules(List.of(rules).stream().map(BackupRuleInput.Builder::build).toList()))).backupPlanId();
    }

    /** Seed 004's rule: every night at 21:00 UTC, start within an hour, delete after {@code days} days. */
    private static BackupRuleInput.Builder nightly(String vault, long days) {
        return BackupRuleInput.builder().ruleName("EC2").targetBackupVaultName(vault)
                .scheduleExpression("cron(0 21 * * ? *)").startWindowMinutes(60L)
                .lifecycle(l -> l.deleteAfterDays(days));
    }

    /** Seed 004's selection: everything tagged AWSBackup=EC2. */
    private static String tagSelection(BackupClient backup, String planId, String role) {
        return backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s
                .selectionName("Tag-AWSBackup-EC2").iamRoleArn(role)
                .listOfTags(t -> t.conditionType(ConditionType.STRINGEQUALS).conditionKey("AWSBackup")
                        .conditionValue("EC2")))).selectionId();
    }

    private static List<BackupJob> jobs(BackupClient backup, String resourceArn) {
        return backup.listBackupJobs(r -> r.byResourceArn(resourceArn)).backupJobs().stream()
                .sorted(Comparator.comparing(BackupJob::creationDate)).toList();
    }

    private static void awaitNoneRunning(BackupClient backup) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                backup.listBackupJobs(r -> r.byState(BackupJobState.RUNNING)).backupJobs().isEmpty());
    }

    private static String ruleId(BackupClient backup, String planId, String ruleName) {
        return backup.getBackupPlan(r -> r.backupPlanId(planId)).backupPlan().rules().stream()
                .filter(rule -> rule.ruleName().equals(ruleName)).findFirst().orElseThrow().ruleId();
    }

    private static DescribeRecoveryPointResponse point(BackupClient backup, String vault, String jobId) {
        var job = BackupRestoreTest.awaitBackupOn(backup, jobId);
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return backup.describeRecoveryPoint(r -> r.backupVaultName(vault).recoveryPointArn(job.recoveryPointArn()));
    }

    private static long points(BackupClient backup, String vault) {
        return backup.describeBackupVault(r -> r.backupVaultName(vault)).numberOfRecoveryPoints();
    }

    /** At noon of day 0, a plan backing up one tagged directory every night into {@code vault}; its ARN. */
    private String nightlyBackupOfOneDirectoryInto(TestServer hokan, String vault) throws IOException {
        setClock(hokan, at(0, "12:00"));
        String web = directory(hokan, "web", "{\"AWSBackup\":\"EC2\"}");
        tagSelection(hokan.backup, plan(hokan.backup, "nightly-into-" + vault, nightly(vault, 30)), TestServer.ROLE);
        return web;
    }

    @Test
    void backupsOfARuleWhoseVaultDoesNotExistFailUntilTheVaultIsCreated() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            String web = nightlyBackupOfOneDirectoryInto(hokan, "created-later");

            setClock(hokan, at(0, "21:16"));
            BackupJob first = jobs(backup, web).getFirst();
            var failed = BackupRestoreTest.awaitBackupOn(backup, first.backupJobId());
            assertThat(failed.state()).isEqualTo(BackupJobState.FAILED);
            assertThat(failed.statusMessage()).isEqualTo("Backup vault created-later does not exist");

            backup.createBackupVault(r -> r.backupVaultName("created-later"));
            setClock(hokan, at(1, "21:16"));
            BackupJob second = jobs(backup, web).getLast();
            point(backup, "created-later", second.backupJobId());
        }
    }

    @Test
    void theFirstScheduledBackupIntoDefaultCreatesThatVault() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            String web = nightlyBackupOfOneDirectoryInto(hokan, "Default");
            assertThat(backup.listBackupVaults(r -> r.build()).backupVaultList()).isEmpty();

            setClock(hokan, at(0, "21:16"));
            point(backup, "Default", jobs(backup, web).getFirst().backupJobId());
            assertThat(points(backup, "Default")).isEqualTo(1);
        }
    }

    @Test
    void seed004TaggedDirectoriesAreBackedUpNightlyInsideTheWindowAndDeletedAfterThirtyDays() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            setClock(hokan, at(0, "12:00"));
            backup.createBackupVault(r -> r.backupVaultName("EC2"));
            String web = directory(hokan, "web", "{\"AWSBackup\":\"EC2\",\"Name\":\"web\"}");
            String db = directory(hokan, "db", "{\"AWSBackup\":\"EC2\"}");
            String scratch = directory(hokan, "scratch", "{}");
            String logs = directory(hokan, "logs", "{\"AWSBackup\":\"S3\"}");
            String planId = plan(backup, "EC2", nightly("EC2", 30));
            String selectionId = tagSelection(backup, planId, TestServer.ROLE);
            String versionId = backup.getBackupPlan(r -> r.backupPlanId(planId)).versionId();
            String ruleId = ruleId(backup, planId, "EC2");

            setClock(hokan, at(0, "20:59"));
            assertThat(backup.listBackupJobs(r -> r.byBackupVaultName("EC2")).backupJobs()).isEmpty();
            assertThat(backup.getBackupPlan(r -> r.backupPlanId(planId)).lastExecutionDate()).isNull();

            for (int night = 0; night < 2; night++) {
                Instant nine = at(night, "21:00");
                setClock(hokan, nine);
                List<BackupJob> tonight = backup.listBackupJobs(r -> r.byBackupVaultName("EC2")).backupJobs()
                        .stream().filter(j -> j.creationDate().equals(nine)).toList();
                assertThat(tonight).extracting(BackupJob::resourceArn).containsExactlyInAnyOrder(web, db);
                for (BackupJob j : tonight) {
                    assertThat(j.startBy()).isEqualTo(nine.plus(Duration.ofHours(1)));
                    assertThat(j.iamRoleArn()).isEqualTo(TestServer.ROLE);
                    assertThat(j.createdBy().backupPlanId()).isEqualTo(planId);
                    assertThat(j.createdBy().backupPlanVersion()).isEqualTo(versionId);
                    assertThat(j.createdBy().backupRuleId()).isEqualTo(ruleId);
                    assertThat(j.recoveryPointLifecycle().deleteAfterDays()).isEqualTo(30L);
                }
                for (int minute = 1; minute <= 15; minute++) {
                    setClock(hokan, nine.plus(Duration.ofMinutes(minute)));
                    awaitNoneRunning(backup);
                }
                for (BackupJob j : tonight) {
                    DescribeRecoveryPointResponse p = point(backup, "EC2", j.backupJobId());
                    assertThat(p.creationDate()).as("started in the first quarter of the one-hour window")
                            .isBetween(nine, nine.plus(Duration.ofMinutes(15)));
                    assertThat(p.createdBy().backupPlanId()).isEqualTo(planId);
                    assertThat(p.createdBy().backupPlanVersion()).isEqualTo(versionId);
                    assertThat(p.createdBy().backupRuleId()).isEqualTo(ruleId);
                    assertThat(p.calculatedLifecycle().deleteAt()).isEqualTo(p.creationDate().plus(Duration.ofDays(30)));
                }
                assertThat(backup.getBackupPlan(r -> r.backupPlanId(planId)).lastExecutionDate()).isEqualTo(nine);
            }
            assertThat(jobs(backup, scratch)).isEmpty();
            assertThat(jobs(backup, logs)).isEmpty();
            assertThat(points(backup, "EC2")).isEqualTo(4);

            backup.deleteBackupSelection(r -> r.backupPlanId(planId).selectionId(selectionId));
            Instant firstDeleteAt = at(0, "21:00").plus(Duration.ofDays(30));
            setClock(hokan, firstDeleteAt.minusSeconds(1));
            assertThat(points(backup, "EC2")).isEqualTo(4);
            setClock(hokan, firstDeleteAt.plus(Duration.ofMinutes(15)).plus(DELETION_WINDOW));
            await().atMost(Duration.ofSeconds(60)).until(() -> points(backup, "EC2") == 2);
            setClock(hokan, firstDeleteAt.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(15)).plus(DELETION_WINDOW));
            await().atMost(Duration.ofSeconds(60)).until(() -> points(backup, "EC2") == 0);
            assertThat(backup.listBackupJobs(r -> r.byBackupVaultName("EC2").byState(BackupJobState.EXPIRED))
                    .backupJobs()).as("the plan had no selection while the clock jumped").isEmpty();
        }
    }

    @Test
    void firingsMissedWhileTheClockJumpsBecomeExpiredJobsAndOnlyTheLatestRuns() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            setClock(hokan, at(0, "12:00"));
            backup.createBackupVault(r -> r.backupVaultName("nightly"));
            String app = directory(hokan, "app", "{\"AWSBackup\":\"EC2\"}");
            String planId = plan(backup, "nightly", nightly("nightly", 30));
            tagSelection(backup, planId, TestServer.ROLE);

            setClock(hokan, at(3, "21:30"));
            List<BackupJob> jobs = jobs(backup, app);
            assertThat(jobs).extracting(BackupJob::creationDate)
                    .containsExactly(at(0, "21:00"), at(1, "21:00"), at(2, "21:00"), at(3, "21:00"));
            for (BackupJob missed : jobs.subList(0, 3)) {
                assertThat(missed.state()).isEqualTo(BackupJobState.EXPIRED);
                assertThat(missed.statusMessage()).startsWith("Missed:").contains("start window");
                assertThat(missed.completionDate()).isEqualTo(at(3, "21:30"));
            }
            var latest = BackupRestoreTest.awaitBackupOn(backup, jobs.get(3).backupJobId());
            assertThat(latest.state()).as(latest.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertThat(points(backup, "nightly")).isOne();
            assertThat(backup.getBackupPlan(r -> r.backupPlanId(planId)).lastExecutionDate()).isEqualTo(at(3, "21:00"));

            HttpResponse<String> events = hokan.signed("GET", "/hokan/v1/events?type=BackupJobExpired", null);
            assertThat(events.body()).contains("\"Actor\":\"hokan.service\"").contains("Missed:");
        }
    }

    @Test
    void aManualClockJumpRunsTheLatestFiringItPassedEvenBeyondItsWindowAndExpiresTheEarlierOnes() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            setClock(hokan, at(0, "10:00"));
            backup.createBackupVault(r -> r.backupVaultName("noon"));
            String app = directory(hokan, "app", "{\"AWSBackup\":\"EC2\"}");
            String planId = plan(backup, "noon", BackupRuleInput.builder().ruleName("noon")
                    .targetBackupVaultName("noon").scheduleExpression("cron(0 12 * * ? *)").startWindowMinutes(60L));
            tagSelection(backup, planId, TestServer.ROLE);

            setClock(hokan, at(0, "12:00").minusSeconds(10));
            hokan.advanceClock(Duration.ofSeconds(3700));
            List<BackupJob> jobs = jobs(backup, app);
            assertThat(jobs).extracting(BackupJob::creationDate).containsExactly(at(0, "12:00"));
            Instant reached = at(0, "12:00").plusSeconds(3690);
            assertThat(jobs.getFirst().startBy()).as("its windows count from when the clock reached it")
                    .isEqualTo(reached.plus(Duration.ofHours(1)));
            assertThat(point(backup, "noon", jobs.getFirst().backupJobId()).creationDate()).isEqualTo(reached);
            assertThat(backup.getBackupPlan(r -> r.backupPlanId(planId)).lastExecutionDate()).isEqualTo(at(0, "12:00"));

            hokan.advanceClock(Duration.ofDays(10));
            List<BackupJob> tenDays = jobs(backup, app).subList(1, 11);
            assertThat(tenDays).extracting(BackupJob::creationDate).endsWith(at(10, "12:00"));
            for (BackupJob missed : tenDays.subList(0, 9)) {
                assertThat(missed.state()).isEqualTo(BackupJobState.EXPIRED);
                assertThat(missed.statusMessage()).startsWith("Missed:");
            }
            assertThat(point(backup, "noon", tenDays.get(9).backupJobId()).creationDate())
                    .isEqualTo(reached.plus(Duration.ofDays(10)));
            assertThat(points(backup, "noon")).as("one backup for the 10-day jump, no burst").isEqualTo(2);
        }
    }

    @Test
    void firingsStillInsideTheirWindowAreOvertakenByTheLatestInsteadOfRunningInABurst() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            setClock(hokan, at(0, "12:00"));
            backup.createBackupVault(r -> r.backupVaultName("hourly"));
            String app = directory(hokan, "app", "{\"AWSBackup\":\"EC2\"}");
            String planId = plan(backup, "hourly", BackupRuleInput.builder().ruleName("hourly")
                    .targetBackupVaultName("hourly").scheduleExpression("rate(1 hour)"));
            tagSelection(backup, planId, TestServer.ROLE);

            setClock(hokan, at(0, "15:30"));
            List<BackupJob> jobs = jobs(backup, app);
            assertThat(jobs).as("a rate counts from the plan's creation").extracting(BackupJob::creationDate)
                    .containsExactly(at(0, "13:00"), at(0, "14:00"), at(0, "15:00"));
            for (BackupJob overtaken : jobs.subList(0, 2)) {
                assertThat(overtaken.state()).isEqualTo(BackupJobState.EXPIRED);
                assertThat(overtaken.statusMessage()).startsWith("Skipped:").contains("overtaken");
            }
            setClock(hokan, at(0, "15:59:59"));
            assertThat(BackupRestoreTest.awaitBackupOn(backup, jobs.get(2).backupJobId()).state())
                    .as("started within the first hour of its window").isEqualTo(BackupJobState.COMPLETED);
        }
    }

    @Test
    void aPlanUpdateChangesOnlyLaterFiringsAndPointsKeepTheirLifecycle() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            setClock(hokan, at(0, "12:00"));
            backup.createBackupVault(r -> r.backupVaultName("EC2"));
            String app = directory(hokan, "app", "{\"AWSBackup\":\"EC2\"}");
            String planId = plan(backup, "EC2", nightly("EC2", 30));
            tagSelection(backup, planId, TestServer.ROLE);
            String v1 = backup.getBackupPlan(r -> r.backupPlanId(planId)).versionId();

            setClock(hokan, at(0, "21:00"));
            String first = jobs(backup, app).getLast().backupJobId();
            setClock(hokan, at(0, "21:05"));
            String v2 = backup.updateBackupPlan(r -> r.backupPlanId(planId).backupPlan(p -> p.backupPlanName("EC2")
                    .rules(nightly("EC2", 60).build()))).versionId();
            setClock(hokan, at(0, "21:15"));
            DescribeRecoveryPointResponse before = point(backup, "EC2", first);
            assertThat(before.createdBy().backupPlanVersion()).isEqualTo(v1);
            assertThat(before.lifecycle().deleteAfterDays()).as("the firing came before the update").isEqualTo(30L);

            setClock(hokan, at(1, "21:15"));
            BackupJob second = jobs(backup, app).getLast();
            assertThat(second.creationDate()).isEqualTo(at(1, "21:00"));
            assertThat(second.createdBy().backupPlanVersion()).isEqualTo(v2);
            DescribeRecoveryPointResponse after = point(backup, "EC2", second.backupJobId());
            assertThat(after.lifecycle().deleteAfterDays()).isEqualTo(60L);
            assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("EC2")
                    .recoveryPointArn(before.recoveryPointArn())).lifecycle().deleteAfterDays()).isEqualTo(30L);
        }
    }

    @Test
    void aRestartNeitherRepeatsNorLosesAFiring() throws Exception {
        Path data = dir.resolve("data");
        String app;
        try (TestServer first = TestServer.start(data)) {
            setClock(first, at(0, "12:00"));
            first.backup.createBackupVault(r -> r.backupVaultName("EC2"));
            app = directory(first, "app", "{\"AWSBackup\":\"EC2\"}");
            tagSelection(first.backup, plan(first.backup, "EC2", nightly("EC2", 30)), TestServer.ROLE);
            setClock(first, at(0, "20:59"));
            assertThat(jobs(first.backup, app)).isEmpty();
        }
        try (TestServer second = TestServer.start(data)) {
            setClock(second, at(0, "21:10"));
            List<BackupJob> jobs = jobs(second.backup, app);
            assertThat(jobs).as("the firing due while the server was down").hasSize(1);
            setClock(second, at(0, "21:15"));
            assertThat(BackupRestoreTest.awaitBackupOn(second.backup, jobs.getFirst().backupJobId()).state())
                    .isEqualTo(BackupJobState.COMPLETED);
        }
        try (TestServer third = TestServer.start(data)) {
            setClock(third, at(0, "21:30"));
            assertThat(jobs(third.backup, app)).as("no firing is repeated after a restart").hasSize(1);
            setClock(third, at(1, "21:15"));
            assertThat(jobs(third.backup, app)).extracting(BackupJob::creationDate)
                    .containsExactly(at(0, "21:00"), at(1, "21:00"));
        }
    }

    @Test
    void aResourceTakenByTwoSelectionsAndTwoRulesAtOnceGetsOneJobFromTheLongestRetention() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            BackupClient backup = hokan.backup;
            setClock(hokan, at(0, "12:00"));
            backup.createBackupVault(r -> r.backupVaultName("short-term"));
            backup.createBackupVault(r -> r.backupVaultName("long-term"));
            String app = directory(hokan, "app", "{\"AWSBackup\":\"EC2\"}");
            String planId = plan(backup, "overlap",
                    BackupRuleInput.builder().ruleName("utc-week").targetBackupVaultName("short-term")
                            .scheduleExpression("cron(0 21 * * ? *)").lifecycle(l -> l.deleteAfterDays(7L)),
                    BackupRuleInput.builder().ruleName("tokyo-month").targetBackupVaultName("long-term")
                            .scheduleExpression("cron(0 6 * * ? *)").scheduleExpressionTimezone("Asia/Tokyo")
                            .lifecycle(l -> l.deleteAfterDays(35L)));
            tagSelection(backup, planId, TestServer.ROLE);
            setClock(hokan, at(0, "12:01"));
            backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("by-arn")
                    .iamRoleArn("arn:aws:iam::000000000000:role/other").resources(app)));

            setClock(hokan, at(0, "21:00"));
            assertThat(jobs(backup, app)).singleElement().satisfies(j -> {
                assertThat(j.creationDate()).as("06:00 in Tokyo").isEqualTo(at(0, "21:00"));
                assertThat(j.backupVaultName()).isEqualTo("long-term");
                assertThat(j.createdBy().backupRuleId()).isEqualTo(ruleId(backup, planId, "tokyo-month"));
                assertThat(j.iamRoleArn()).as("the first selection's role").isEqualTo(TestServer.ROLE);
                assertThat(j.recoveryPointLifecycle().deleteAfterDays()).isEqualTo(35L);
            });
        }
    }
}
