package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.CreateReportPlanRequest;
import software.amazon.awssdk.services.backup.model.DescribeReportJobResponse;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.ReportJob;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Report plans and report jobs through the real server, on the manual clock, with the SDK: the model's members,
 * AWS's errors for bad input, report jobs on demand and every day, whose CSV and JSON files (delivered into
 * DATA_DIR/reports/BUCKET/ when no S3 service is set) list the jobs that ran.
 */
class ReportPlansTest extends ConformanceTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> NOT_HERE = Map.of(
            "ReportPlan.ReportPlanDescription", "not every plan here has one",
            "ReportPlan.LastAttemptedExecutionTime", "the plan has not run yet",
            "ReportPlan.LastSuccessfulExecutionTime", "the plan has not run yet",
            "ReportSetting.FrameworkArns", "a job report covers no frameworks",
            "ReportSetting.NumberOfFrameworks", "a job report covers no frameworks",
            "ReportSetting.Accounts", "the plan reports on its own account",
            "ReportSetting.OrganizationUnits", "the plan reports on its own account",
            "ReportSetting.Regions", "the plan reports on its own region");

    private static Path reports() {
        return dir.resolve("data").resolve("reports");
    }

    private static void createPlan(String name, String template, List<String> formats,
                                   Consumer<CreateReportPlanRequest.Builder> more) {
        backup.createReportPlan(r -> {
            r.reportPlanName(name).reportSetting(s -> s.reportTemplate(template))
                    .reportDeliveryChannel(c -> c.s3BucketName("audit-reports").s3KeyPrefix("daily/" + name)
                            .formats(formats));
            more.accept(r);
        });
    }

    private static DescribeReportJobResponse awaitReport(String jobId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String s = backup.describeReportJob(r -> r.reportJobId(jobId)).reportJob().status();
            return s.equals("COMPLETED") || s.equals("FAILED");
        });
        return backup.describeReportJob(r -> r.reportJobId(jobId));
    }

    private static String errorCode(Runnable call) {
        return catchThrowableOfType(BackupException.class, call::run).awsErrorDetails().errorCode();
    }

    /** The rows of a CSV report, each a map from the header's column names to the fields (none quoted here). */
    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
        List<String> header = List.of(lines.getFirst().split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).doesNotContain("\"");
            String[] fields = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), fields[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void plansAnswerEveryMemberOfTheModel() {
        createPlan("model_plan", "BACKUP_JOB_REPORT", List.of("CSV", "JSON"),
                r -> r.reportPlanDescription("every backup").reportPlanTags(Map.of("team", "audit")));
        JsonNode plan = assertConforms("DescribeReportPlan", "/audit/report-plans/model_plan", NOT_HERE)
                .get("ReportPlan");
        String arn = plan.get("ReportPlanArn").asString();
        assertThat(arn).matches("arn:aws:backup:us-east-1:000000000000:report-plan:model_plan-[0-9a-f-]{36}");
        assertThat(plan.get("DeploymentStatus").asString()).isEqualTo("COMPLETED");
        assertThat(plan.get("ReportDeliveryChannel").get("S3KeyPrefix").asString()).isEqualTo("daily/model_plan");
        assertConforms("ListReportPlans", "/audit/report-plans", NOT_HERE);
        assertThat(backup.listTags(r -> r.resourceArn(arn)).tags()).containsEntry("team", "audit");

        var updated = backup.updateReportPlan(r -> r.reportPlanName("model_plan")
                .reportDeliveryChannel(c -> c.s3BucketName("other-reports")));
        assertThat(updated.reportPlanArn()).isEqualTo(arn);
        var described = backup.describeReportPlan(r -> r.reportPlanName("model_plan")).reportPlan();
        assertThat(described.reportDeliveryChannel().s3BucketName()).isEqualTo("other-reports");
        assertThat(described.reportDeliveryChannel().formats()).containsExactly("CSV");
        assertThat(described.reportPlanDescription()).isEqualTo("every backup");

        backup.deleteReportPlan(r -> r.reportPlanName("model_plan"));
        assertThat(errorCode(() -> backup.describeReportPlan(r -> r.reportPlanName("model_plan"))))
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void theSameIdempotencyTokenReturnsTheFirstPlanAndJob() {
        var first = backup.createReportPlan(r -> r.reportPlanName("once").idempotencyToken("token-1")
                .reportSetting(s -> s.reportTemplate("COPY_JOB_REPORT"))
                .reportDeliveryChannel(c -> c.s3BucketName("audit-reports")));
        var again = backup.createReportPlan(r -> r.reportPlanName("once").idempotencyToken("token-1")
                .reportSetting(s -> s.reportTemplate("COPY_JOB_REPORT"))
                .reportDeliveryChannel(c -> c.s3BucketName("audit-reports")));
        assertThat(again.reportPlanArn()).isEqualTo(first.reportPlanArn());
        assertThat(errorCode(() -> backup.createReportPlan(r -> r.reportPlanName("once")
                .reportSetting(s -> s.reportTemplate("COPY_JOB_REPORT"))
                .reportDeliveryChannel(c -> c.s3BucketName("audit-reports"))))).isEqualTo("AlreadyExistsException");

        String job = backup.startReportJob(r -> r.reportPlanName("once").idempotencyToken("job-token")).reportJobId();
        assertThat(backup.startReportJob(r -> r.reportPlanName("once").idempotencyToken("job-token")).reportJobId())
                .isEqualTo(job);
        assertThat(awaitReport(job).reportJob().status()).isEqualTo("COMPLETED");
    }

    @Test
    void badInputGetsAwsErrors() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"ReportPlanName\":\"1bad\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"}}", "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\"}}",
                "MissingParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3KeyPrefix\":\"x\"}}", "MissingParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"NO_SUCH_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"}}", "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"SCAN_JOB_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"}}", "InvalidParameterValueException");
        for (String compliance : List.of("RESOURCE_COMPLIANCE_REPORT", "CONTROL_COMPLIANCE_REPORT")) {
            String plan = "{\"ReportPlanName\":\"p\",\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"},"
                    + "\"ReportSetting\":{\"ReportTemplate\":\"" + compliance + "\"";
            refused.put(plan + "}}", "MissingParameterValueException");
            refused.put(plan + ",\"FrameworkArns\":[\"arn:aws:backup:us-east-1:000000000000:framework:absent-1\"]}}",
                    "InvalidParameterValueException");
            refused.put(plan + ",\"FrameworkArns\":[\"arn:aws:backup:us-east-1:000000000000:report-plan:p-1\"]}}",
                    "InvalidParameterValueException");
            refused.put(plan + ",\"FrameworkArns\":[\"arn:aws:backup:us-west-2:000000000000:framework:west-1\"]}}",
                    "InvalidParameterValueException");
        }
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\",\"Formats\":[\"PDF\"]}}",
                "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"Not_A_Bucket\"}}", "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\"},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\",\"S3KeyPrefix\":\"a/../b\"}}",
                "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\","
                + "\"Accounts\":[\"111111111111\"]},\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"}}",
                "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\","
                + "\"Regions\":[\"eu-north-1\"]},\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"}}",
                "InvalidParameterValueException");
        refused.put("{\"ReportPlanName\":\"p\",\"ReportSetting\":{\"ReportTemplate\":\"BACKUP_JOB_REPORT\","
                + "\"FrameworkArns\":[\"arn:aws:backup:us-east-1:000000000000:framework:f-1\"]},"
                + "\"ReportDeliveryChannel\":{\"S3BucketName\":\"audit-reports\"}}", "InvalidParameterValueException");
        refused.forEach((body, error) -> {
            HttpResponse<String> r = hokan.signed("POST", "/audit/report-plans", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("x-amzn-ErrorType").orElse("")).as(body + " -> " + r.body())
                    .startsWith(error);
        });
        assertThat(errorCode(() -> backup.describeReportPlan(r -> r.reportPlanName("p"))))
                .as("nothing refused was made").isEqualTo("ResourceNotFoundException");
        assertThat(errorCode(() -> backup.startReportJob(r -> r.reportPlanName("missing"))))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorCode(() -> backup.describeReportJob(r -> r.reportJobId("no-such-job"))))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorCode(() -> backup.listReportJobs(r -> r.byStatus("DONE"))))
                .isEqualTo("InvalidParameterValueException");
    }

    @Test
    void aReportPlanHasAtMostTwentyPlans() {
        List<String> made = new ArrayList<>();
        long existing = backup.listReportPlans(r -> r.maxResults(100)).reportPlans().size();
        for (long i = existing; i < 20; i++) {
            String name = "quota_" + i;
            createPlan(name, "RESTORE_JOB_REPORT", List.of("CSV"), r -> { });
            made.add(name);
        }
        assertThat(errorCode(() -> createPlan("quota_over", "RESTORE_JOB_REPORT", List.of("CSV"), r -> { })))
                .isEqualTo("LimitExceededException");
        made.forEach(name -> backup.deleteReportPlan(r -> r.reportPlanName(name)));
    }

    @Test
    void reportJobsListTheJobsThatRanInCsvAndJson() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("reported"));
        backup.createBackupVault(r -> r.backupVaultName("reported-copy"));
        String resource = hokan.registerDirectory("reported-dir", Trees.sample(dir.resolve("reported-dir"), 3), "{}");
        String point = BackupRestoreTest.backupNow("reported", resource, null);
        String restore = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", dir.resolve("reported-restore").toString()))).restoreJobId();
        BackupRestoreTest.awaitRestore(restore);
        CopyJobTest.copy(point, "reported", "arn:aws:backup:us-east-1:000000000000:backup-vault:reported-copy", null);

        Map<String, String> idColumns = Map.of("BACKUP_JOB_REPORT", "backupJobId", "COPY_JOB_REPORT", "copyJobId",
                "RESTORE_JOB_REPORT", "restoreJobId");
        for (String template : idColumns.keySet()) {
            String plan = template.toLowerCase();
            createPlan(plan, template, List.of("CSV", "JSON"), r -> { });
            String jobId = backup.startReportJob(r -> r.reportPlanName(plan)).reportJobId();
            ReportJob job = awaitReport(jobId).reportJob();
            assertThat(job.status()).as(job.statusMessage()).isEqualTo("COMPLETED");
            assertThat(job.reportTemplate()).isEqualTo(template);
            assertThat(job.reportDestination().s3BucketName()).isEqualTo("audit-reports");
            String day = job.creationTime().toString().substring(0, 10).replace('-', '/');
            String keyStart = "daily/" + plan + "/Backup/000000000000/us-east-1/" + day + "/" + plan + "_" + jobId;
            assertThat(job.reportDestination().s3Keys()).containsExactly(keyStart + ".csv", keyStart + ".json");

            Path csvFile = reports().resolve("audit-reports").resolve(keyStart + ".csv");
            Path jsonFile = reports().resolve("audit-reports").resolve(keyStart + ".json");
            List<Map<String, String>> csvRows = csv(csvFile);
            JsonNode items = JSON.readTree(Files.readString(jsonFile)).get("reportItems");
            assertThat(items.size()).isEqualTo(csvRows.size());
            Map<String, Map<String, String>> expected = expectedRows(template, job.creationTime());
            assertThat(csvRows.stream().map(r -> r.get(idColumns.get(template))).collect(Collectors.toSet()))
                    .isEqualTo(expected.keySet());
            for (int i = 0; i < csvRows.size(); i++) {
                Map<String, String> row = csvRows.get(i);
                JsonNode item = items.get(i);
                Map<String, String> want = expected.get(row.get(idColumns.get(template)));
                want.forEach((column, value) -> {
                    assertThat(row.get(column)).as(template + " CSV " + column).isEqualTo(value);
                    assertThat(item.get(column).asString()).as(template + " JSON " + column).isEqualTo(value);
                });
                assertThat(row.get("accountId")).isEqualTo("000000000000");
                assertThat(item.get("region").asString()).isEqualTo("us-east-1");
            }
            assertThat(csvRows).isNotEmpty();
        }
        assertThat(backup.describeReportPlan(r -> r.reportPlanName("backup_job_report")).reportPlan()
                .lastSuccessfulExecutionTime()).isNotNull();
    }

    @Test
    void aPlanOfEveryRegionReportsTheJobsOfEachRegionItNames() throws Exception {
        String west = "us-west-2";
        HttpResponse<String> registered = hokan.signedAs(TestServer.ACCESS_KEY, TestServer.SECRET_KEY, west, "POST",
                "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":\"west-dir\",\"Path\":\""
                        + Trees.sample(dir.resolve("west-dir"), 2) + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        try (var westBackup = TestServer.client(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY,
                west)) {
            westBackup.createBackupVault(r -> r.backupVaultName("west"));
            String westJob = westBackup.startBackupJob(r -> r.backupVaultName("west").iamRoleArn(TestServer.ROLE)
                    .resourceArn("arn:aws:hokan:us-west-2:000000000000:directory/west-dir")).backupJobId();
            BackupRestoreTest.awaitBackupOn(westBackup, westJob);

            for (List<String> regions : List.of(List.of("*"), List.of(west), List.of("us-east-1"))) {
                String plan = "regions_" + String.join("_", regions).replaceAll("[^a-z0-9_]", "x");
                createPlan(plan, "BACKUP_JOB_REPORT", List.of("CSV"),
                        r -> r.reportSetting(s -> s.reportTemplate("BACKUP_JOB_REPORT").regions(regions)));
                assertThat(backup.describeReportPlan(r -> r.reportPlanName(plan)).reportPlan().reportSetting()
                        .regions()).isEqualTo(regions);
                ReportJob job = awaitReport(backup.startReportJob(r -> r.reportPlanName(plan)).reportJobId())
                        .reportJob();
                assertThat(job.status()).as(job.statusMessage()).isEqualTo("COMPLETED");
                List<Map<String, String>> rows = csv(reports().resolve("audit-reports")
                        .resolve(job.reportDestination().s3Keys().getFirst()));
                Set<String> expectedRegions = regions.contains("*") ? Set.of("us-east-1", west) : Set.copyOf(regions);
                assertThat(rows.stream().map(row -> row.get("region")).collect(Collectors.toSet())).as(plan)
                        .isSubsetOf(expectedRegions);
                assertThat(rows.stream().anyMatch(row -> row.get("backupJobId").equals(westJob))).as(plan)
                        .isEqualTo(expectedRegions.contains(west));
                rows.stream().filter(row -> row.get("region").equals(west)).forEach(row -> assertThat(
                        row.get("backupVaultArn")).isEqualTo("arn:aws:backup:us-west-2:000000000000:backup-vault:west"));
            }
        }
    }

    /** What each job of the last 24 hours before {@code end} shows in the lists, by job ID. */
    private static Map<String, Map<String, String>> expectedRows(String template, Instant end) {
        Instant start = end.minus(Duration.ofDays(1));
        Map<String, Map<String, String>> rows = new HashMap<>();
        switch (template) {
            case "BACKUP_JOB_REPORT" -> backup.listBackupJobs(r -> r.maxResults(1000)).backupJobs().stream()
                    .filter(j -> during(j.creationDate(), j.completionDate(), start, end))
                    .forEach(j -> rows.put(j.backupJobId(), Map.of("jobStatus", j.stateAsString(),
                            "resourceArn", j.resourceArn(), "backupVaultName", j.backupVaultName(),
                            "backupSizeInBytes", String.valueOf(j.backupSizeInBytes()))));
            case "COPY_JOB_REPORT" -> backup.listCopyJobs(r -> r.maxResults(1000)).copyJobs().stream()
                    .filter(j -> during(j.creationDate(), j.completionDate(), start, end))
                    .forEach(j -> rows.put(j.copyJobId(), Map.of("jobStatus", j.stateAsString(),
                            "resourceArn", j.resourceArn(), "destinationBackupVaultArn", j.destinationBackupVaultArn(),
                            "destinationRecoveryPointArn", j.destinationRecoveryPointArn())));
            case "RESTORE_JOB_REPORT" -> backup.listRestoreJobs(r -> r.maxResults(1000)).restoreJobs().stream()
                    .filter(j -> during(j.creationDate(), j.completionDate(), start, end))
                    .forEach(j -> rows.put(j.restoreJobId(), Map.of("jobStatus", j.statusAsString(),
                            "recoveryPointArn", j.recoveryPointArn())));
            default -> throw new IllegalArgumentException(template);
        }
        return rows;
    }

    private static boolean during(Instant created, Instant completed, Instant start, Instant end) {
        return !created.isAfter(end) && (completed == null || !completed.isBefore(start));
    }

    @Test
    void eachPlanRunsOnceADayOverTheDayThatEnded() throws Exception {
        createPlan("daily_plan", "BACKUP_JOB_REPORT", List.of("JSON"), r -> { });
        Instant midnight = hokan.server.engine().clock().now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        hokan.setClock(midnight.minusSeconds(60));
        backup.createBackupVault(r -> r.backupVaultName("daily"));
        String resource = hokan.registerDirectory("daily-dir", Trees.sample(dir.resolve("daily-dir"), 2), "{}");
        String point = BackupRestoreTest.backupNow("daily", resource, null);
        assertThat(backup.listReportJobs(r -> r.byReportPlanName("daily_plan")).reportJobs()).isEmpty();

        hokan.setClock(midnight.plus(Duration.ofHours(1)));
        hokan.setClock(midnight.plus(Duration.ofHours(2)));
        List<ReportJob> jobs = backup.listReportJobs(r -> r.byReportPlanName("daily_plan")).reportJobs();
        assertThat(jobs).hasSize(1);
        ReportJob job = awaitReport(jobs.getFirst().reportJobId()).reportJob();
        assertThat(job.status()).as(job.statusMessage()).isEqualTo("COMPLETED");
        assertThat(job.reportDestination().s3Keys()).singleElement().asString().endsWith(".json");
        assertThat(backup.listReportJobs(r -> r.byReportPlanName("daily_plan").byStatus("COMPLETED")
                .byCreationAfter(midnight)).reportJobs()).extracting(ReportJob::reportJobId)
                .containsExactly(job.reportJobId());
        assertThat(backup.listReportJobs(r -> r.byCreationBefore(midnight.minusSeconds(3600))).reportJobs())
                .extracting(ReportJob::reportJobId).doesNotContain(job.reportJobId());
        JsonNode items = JSON.readTree(Files.readString(reports().resolve("audit-reports")
                .resolve(job.reportDestination().s3Keys().getFirst()))).get("reportItems");
        List<JsonNode> ours = new ArrayList<>();
        items.forEach(item -> {
            assertThat(item.get("reportTimePeriodStart").asString())
                    .isEqualTo(midnight.minus(Duration.ofDays(1)).toString());
            assertThat(item.get("reportTimePeriodEnd").asString()).isEqualTo(midnight.toString());
            if (point.equals(item.get("recoveryPointArn").asString())) {
                ours.add(item);
            }
        });
        assertThat(ours).singleElement().satisfies(item -> {
            assertThat(item.get("jobStatus").asString()).isEqualTo("COMPLETED");
            assertThat(item.get("backupSizeInBytes").isNumber()).isTrue();
            assertThat(item.get("resourceArn").asString()).isEqualTo(resource);
        });
    }

    /**
     * The compliance reports of a framework through boto3 (and the aws CLI): non-compliant rows while the resource has
     * no recovery point, compliant ones once it has, on demand and in the daily run, in CSV (read by Python's csv
     * module) and JSON alike.
     */
    @Test
    void complianceReportsSayWhatTheFrameworksLatestEvaluationFound() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("complied"));
        String resource = hokan.registerDirectory("complied-dir", Trees.sample(dir.resolve("complied-dir"), 2), "{}");
        String framework = RestoreTestingTest.boto3("""
                arn = b.create_framework(FrameworkName='reported', FrameworkDescription='what the reports show',
                    FrameworkControls=[{'ControlName': 'BACKUP_LAST_RECOVERY_POINT_CREATED',
                        'ControlInputParameters': [{'ParameterName': 'recoveryPointAgeValue', 'ParameterValue': '2'}],
                        'ControlScope': {'ComplianceResourceIds': ['%s']}},
                    {'ControlName': 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK'}])['FrameworkArn']
                b.create_report_plan(ReportPlanName='control_compliance', ReportDeliveryChannel={
                    'S3BucketName': 'audit-reports', 'S3KeyPrefix': 'compliance', 'Formats': ['CSV', 'JSON']},
                    ReportSetting={
                    'ReportTemplate': 'CONTROL_COMPLIANCE_REPORT', 'FrameworkArns': [arn], 'NumberOfFrameworks': 1})
                out(arn)
                """.formatted(resource)).asString();
        AwsCliTest.findCli();
        AwsCliTest.Result created = AwsCliTest.aws("create-report-plan", "--report-plan-name", "resource_compliance",
                "--report-delivery-channel", "{\"S3BucketName\":\"audit-reports\",\"S3KeyPrefix\":\"compliance\","
                        + "\"Formats\":[\"CSV\",\"JSON\"]}",
                "--report-setting", "{\"ReportTemplate\":\"RESOURCE_COMPLIANCE_REPORT\",\"FrameworkArns\":[\""
                        + framework + "\"]}");
        assertThat(created.exit()).as(created.err()).isZero();
        var setting = backup.describeReportPlan(r -> r.reportPlanName("resource_compliance")).reportPlan()
                .reportSetting();
        assertThat(setting.frameworkArns()).containsExactly(framework);
        assertThat(setting.numberOfFrameworks()).isEqualTo(1);

        ok(hokan.signed("POST", "/hokan/v1/frameworks/reported/evaluate", ""));
        Map<String, List<Map<String, String>>> before = complianceReports();
        assertThat(before.get("control_compliance")).hasSize(2).anySatisfy(row -> assertThat(row)
                .containsEntry("controlName", "BACKUP_LAST_RECOVERY_POINT_CREATED")
                .containsEntry("controlComplianceStatus", "NON_COMPLIANT")
                .containsEntry("numResourcesCompliant", "0").containsEntry("numResourcesNonCompliant", "1")
                .containsEntry("frameworkName", "reported")
                .containsEntry("frameworkDescription", "what the reports show")
                .containsEntry("accountId", "000000000000").containsEntry("region", "us-east-1")
                .containsEntry("controlFrequency", "TwentyFour_Hours")
                .containsEntry("controlScope", "{\"ComplianceResourceIds\":[\"" + resource + "\"]}")
                .containsEntry("controlParameters", "{\"recoveryPointAgeValue\":\"2\"}"))
                .anySatisfy(row -> assertThat(row)
                .containsEntry("controlName", "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")
                .containsEntry("controlComplianceStatus", "INSUFFICIENT_DATA")
                .containsEntry("numResourcesNonCompliant", "0").containsEntry("controlScope", "")
                .containsEntry("controlParameters", ""));
        assertThat(before.get("resource_compliance")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("controlName", "BACKUP_LAST_RECOVERY_POINT_CREATED")
                .containsEntry("resourceId", resource)
                .containsEntry("resourceName", "complied-dir").containsEntry("resourceType", "Directory")
                .containsEntry("resourceComplianceStatus", "NON_COMPLIANT"));

        String point = BackupRestoreTest.backupNow("complied", resource, Lifecycle.builder().deleteAfterDays(40L)
                .build());
        ok(hokan.signed("POST", "/hokan/v1/frameworks/reported/evaluate", ""));
        Map<String, List<Map<String, String>>> after = complianceReports();
        assertThat(after.get("control_compliance")).hasSize(2).allSatisfy(row -> assertThat(row)
                .containsEntry("controlComplianceStatus", "COMPLIANT").containsEntry("numResourcesCompliant", "1")
                .containsEntry("numResourcesNonCompliant", "0"));
        assertThat(after.get("resource_compliance")).hasSize(2).allSatisfy(row -> assertThat(row)
                .containsEntry("resourceComplianceStatus", "COMPLIANT")).anySatisfy(row -> assertThat(row)
                .containsEntry("controlName", "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")
                .containsEntry("resourceId", point).containsEntry("resourceType", "RecoveryPoint")
                .containsEntry("resourceName", ""));

        Instant midnight = hokan.server.engine().clock().now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        hokan.setClock(midnight.plus(Duration.ofHours(1)));
        List<ReportJob> daily = backup.listReportJobs(r -> r.byReportPlanName("control_compliance")
                .byCreationAfter(midnight)).reportJobs();
        assertThat(daily).hasSize(1);
        ReportJob job = awaitReport(daily.getFirst().reportJobId()).reportJob();
        assertThat(job.status()).as(job.statusMessage()).isEqualTo("COMPLETED");
        JsonNode items = JSON.readTree(Files.readString(reports().resolve("audit-reports")
                .resolve(job.reportDestination().s3Keys().get(1)))).get("reportItems");
        assertThat(items).hasSize(2).allSatisfy(item -> assertThat(item.get("controlComplianceStatus").asString())
                .isEqualTo("COMPLIANT"));
    }

    /**
     * Runs both compliance plans now through boto3 and reads each report's CSV with Python's csv module; the JSON
     * report must hold the same rows. Returns the rows by plan.
     */
    private static Map<String, List<Map<String, String>>> complianceReports() throws Exception {
        JsonNode reported = RestoreTestingTest.boto3("""
                import csv, time
                reports = {}
                for plan in ('control_compliance', 'resource_compliance'):
                    job_id = b.start_report_job(ReportPlanName=plan)['ReportJobId']
                    job = b.describe_report_job(ReportJobId=job_id)['ReportJob']
                    while job['Status'] in ('CREATED', 'RUNNING'):
                        time.sleep(0.1)
                        job = b.describe_report_job(ReportJobId=job_id)['ReportJob']
                    assert job['Status'] == 'COMPLETED', job
                    csv_key, json_key = job['ReportDestination']['S3Keys']
                    with open('%1$s/' + csv_key, newline='') as f:
                        rows = list(csv.DictReader(f))
                    with open('%1$s/' + json_key) as f:
                        items = json.load(f)['reportItems']
                    reports[plan] = {'csv': rows, 'json': items}
                out(reports)
                """.formatted(reports().resolve("audit-reports")));
        Map<String, List<Map<String, String>>> byPlan = new HashMap<>();
        reported.properties().forEach(plan -> {
            List<Map<String, String>> rows = new ArrayList<>();
            JsonNode items = plan.getValue().get("json");
            plan.getValue().get("csv").forEach(row -> {
                Map<String, String> fields = new LinkedHashMap<>();
                row.properties().forEach(field -> fields.put(field.getKey(), field.getValue().asString()));
                rows.add(fields);
            });
            assertThat(items.size()).isEqualTo(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode item = items.get(i);
                rows.get(i).forEach((column, value) -> assertThat(item.get(column).asString()).as(column)
                        .isEqualTo(value));
            }
            byPlan.put(plan.getKey(), rows);
        });
        return byPlan;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
