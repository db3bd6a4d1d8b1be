package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.engine.restoretest.RestoreTestResult;
import dev.hokan.store.testing.PostgresCluster;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restore testing through the real server, on the manual clock, with boto3 and the aws CLI: plans and selections as
 * the model has them; a plan's run restores a recovery point of each selected resource into a scratch target, checks
 * it (a directory against the point's content hashes, a PostgreSQL cluster with pg_amcheck), deletes it and records
 * RPO and RTO; a damaged pack fails the test naming the damage; a caller's own result overrides within the window; a
 * test's measured RTO is the restore time a framework's control judges.
 */
class RestoreTestingTest extends ConformanceTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ROLE = TestServer.ROLE;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Map<String, String> NOT_HERE = Map.ofEntries(
            Map.entry("RestoreTestingPlanForGet.LastExecutionTime", "the plan has not run yet"),
            Map.entry("RestoreTestingPlanForList.LastExecutionTime", "the plan has not run yet"),
            Map.entry("RestoreTestingPlanForGet.CreatorRequestId", "none was given"),
            Map.entry("RestoreTestingSelectionForGet.ProtectedResourceConditions", "the selection names its resources"),
            Map.entry("RestoreTestingSelectionForGet.CreatorRequestId", "none was given"),
            Map.entry("DescribeRestoreJobOutput.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("RestoreJobsListMember.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("DescribeRestoreJobOutput.StatusMessage", "a restore that completed has nothing to report"),
            Map.entry("RestoreJobsListMember.StatusMessage", "a restore that completed has nothing to report"),
            Map.entry("DescribeRestoreJobOutput.DeletionStatusMessage", "the deletion succeeded"),
            Map.entry("RestoreJobsListMember.DeletionStatusMessage", "the deletion succeeded"),
            Map.entry("DescribeRestoreJobOutput.ValidationStatusMessage", "the validation succeeded"),
            Map.entry("RestoreJobsListMember.ValidationStatusMessage", "the validation succeeded"),
            Map.entry("DescribeRestoreJobOutput.CreatedResourceArn", "a restore test's scratch target is no resource"),
            Map.entry("RestoreJobsListMember.CreatedResourceArn", "a restore test's scratch target is no resource"),
            Map.entry("RestoreTestingPlanForGet.LastUpdateTime", "the plan has not been updated yet"),
            Map.entry("RestoreTestingPlanForList.LastUpdateTime", "the plan has not been updated yet"));

    static void setClock(Instant now) {
        HttpResponse<String> r = hokan.signed("POST", "/hokan/v1/clock", "{\"Now\":" + now.getEpochSecond() + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static Instant now() {
        return hokan.server.engine().clock().now();
    }

    /** {@code time} on the day after the clock's in Berlin, the time zone the plans here are scheduled in. */
    static Instant tomorrowInBerlin(String time) {
        LocalDate tomorrow = now().atZone(BERLIN).toLocalDate().plusDays(1);
        return tomorrow.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant();
    }

    /** Runs a Python script with {@code b}, a boto3 client of the server, and returns what it prints as JSON. */
    static JsonNode boto3(String script) throws IOException, InterruptedException {
        String prelude = "import boto3, json, datetime\n"
                + "b = boto3.client('backup', endpoint_url='" + hokan.server.endpoint() + "', region_name='us-east-1',"
                + " aws_access_key_id='" + TestServer.ACCESS_KEY + "', aws_secret_access_key='" + TestServer.SECRET_KEY
                + "')\n"
                + "def out(value):\n"
                + "    print(json.dumps(value, default=lambda v: v.timestamp() if isinstance(v, datetime.datetime)"
                + " else str(v)))\n";
        Process p = new ProcessBuilder("python3", "-c", prelude + script).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return JSON.readTree(output);
    }

    private static AwsCliTest.Result aws(String... args) throws IOException, InterruptedException {
        AwsCliTest.findCli();
        return AwsCliTest.aws(args);
    }

    static String createPlan(String name, String selectionJson, String schedule) throws Exception {
        AwsCliTest.Result created = aws("create-restore-testing-plan", "--restore-testing-plan", "{"
                + "\"RestoreTestingPlanName\":\"" + name + "\",\"ScheduleExpression\":\"" + schedule + "\","
                + "\"ScheduleExpressionTimezone\":\"Europe/Berlin\",\"StartWindowHours\":4,"
                + "\"RecoveryPointSelection\":" + selectionJson + "}");
        assertThat(created.exit()).as(created.err()).isZero();
        return created.json().get("RestoreTestingPlanArn").asString();
    }

    static void createSelection(String plan, String name, String type, String more) throws Exception {
        AwsCliTest.Result created = aws("create-restore-testing-selection", "--restore-testing-plan-name", plan,
                "--restore-testing-selection", "{\"RestoreTestingSelectionName\":\"" + name + "\","
                        + "\"ProtectedResourceType\":\"" + type + "\",\"IamRoleArn\":\"" + ROLE + "\"" + more + "}");
        assertThat(created.exit()).as(created.err()).isZero();
    }

    /** The restore jobs of the plan once each has finished, its validation ended and its deletion settled. */
    static List<JsonNode> settledTests(String planArn, int count) {
        List<JsonNode> jobs = new ArrayList<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            jobs.clear();
            hokan.signed("GET", "/restore-jobs/?restoreTestingPlanArn=" + encoded(planArn), null).body()
                    .transform(JSON::readTree).get("RestoreJobs").forEach(jobs::add);
            return jobs.size() == count && jobs.stream().allMatch(j -> j.has("DeletionStatus")
                    && !j.get("DeletionStatus").asString().equals("DELETING"));
        });
        return jobs;
    }

    static String scratchTarget(String restoreJobId) {
        return hokan.signed("GET", "/restore-jobs/" + restoreJobId + "/metadata", null).body()
                .transform(JSON::readTree).get("Metadata").get("TargetPath").asString();
    }

    @Test
    void plansAndSelectionsAnswerEveryMemberOfTheModelAndRefuseWhatAwsRefuses() throws Exception {
        String arn = createPlan("model_plan", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],"
                + "\"ExcludeVaults\":[\"arn:aws:backup:us-east-1:000000000000:backup-vault:cold-*\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"]}", "cron(0 3 ? * * *)");
        assertThat(arn).matches("arn:aws:backup:us-east-1:000000000000:restore-testing-plan:model_plan-[0-9a-f-]{36}");
        createSelection("model_plan", "named", "Directory", ",\"ProtectedResourceArns\":"
                + "[\"arn:aws:hokan:us-east-1:000000000000:directory/web\"],\"ValidationWindowHours\":5,"
                + "\"RestoreMetadataOverrides\":{\"Extra\":\"x\"}");

        JsonNode plan = assertConforms("GetRestoreTestingPlan", "/restore-testing/plans/model_plan", NOT_HERE)
                .get("RestoreTestingPlan");
        assertThat(plan.get("RecoveryPointSelection").get("SelectionWindowDays").asInt()).isEqualTo(30);
        assertThat(plan.get("StartWindowHours").asInt()).isEqualTo(4);
        assertConforms("ListRestoreTestingPlans", "/restore-testing/plans", NOT_HERE);
        JsonNode selection = assertConforms("GetRestoreTestingSelection",
                "/restore-testing/plans/model_plan/selections/named", NOT_HERE).get("RestoreTestingSelection");
        assertThat(selection.get("ValidationWindowHours").asInt()).isEqualTo(5);
        assertConforms("ListRestoreTestingSelections", "/restore-testing/plans/model_plan/selections", NOT_HERE);

        AwsCliTest.Result updated = aws("update-restore-testing-plan", "--restore-testing-plan-name", "model_plan",
                "--restore-testing-plan", "{\"StartWindowHours\":8}");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.json().has("UpdateTime")).isTrue();
        JsonNode after = aws("get-restore-testing-plan", "--restore-testing-plan-name", "model_plan").json()
                .get("RestoreTestingPlan");
        assertThat(after.get("StartWindowHours").asInt()).isEqualTo(8);
        assertThat(after.get("ScheduleExpression").asString()).isEqualTo("cron(0 3 ? * * *)");
        AwsCliTest.Result selectionUpdated = aws("update-restore-testing-selection", "--restore-testing-plan-name",
                "model_plan", "--restore-testing-selection-name", "named", "--restore-testing-selection",
                "{\"ValidationWindowHours\":1}");
        assertThat(selectionUpdated.exit()).as(selectionUpdated.err()).isZero();
        assertThat(aws("get-restore-testing-selection", "--restore-testing-plan-name", "model_plan",
                "--restore-testing-selection-name", "named").json().get("RestoreTestingSelection")
                .get("ProtectedResourceArns").get(0).asString()).endsWith(":directory/web");

        assertThat(aws("create-restore-testing-plan", "--restore-testing-plan", "{\"RestoreTestingPlanName\":"
                + "\"model_plan\",\"ScheduleExpression\":\"cron(0 3 ? * * *)\",\"RecoveryPointSelection\":{"
                + "\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],\"RecoveryPointTypes\":"
                + "[\"SNAPSHOT\"]}}").err()).contains("(AlreadyExistsException)");
        assertThat(aws("create-restore-testing-plan", "--restore-testing-plan", "{\"RestoreTestingPlanName\":"
                + "\"other\",\"ScheduleExpression\":\"cron(0 3 ? * * *)\",\"RecoveryPointSelection\":{"
                + "\"Algorithm\":\"OLDEST\",\"IncludeVaults\":[\"*\"],\"RecoveryPointTypes\":[\"SNAPSHOT\"]}}").err())
                .contains("(InvalidParameterValueException)").contains("Algorithm must be LATEST_WITHIN_WINDOW or"
                        + " RANDOM_WITHIN_WINDOW, got OLDEST");
        assertThat(aws("create-restore-testing-plan", "--restore-testing-plan", "{\"RestoreTestingPlanName\":"
                + "\"other\",\"ScheduleExpression\":\"cron(0 3 ? * * *)\",\"RecoveryPointSelection\":{"
                + "\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"RecoveryPointTypes\":[\"SNAPSHOT\"]}}").err())
                .contains("(MissingParameterValueException)").contains("RecoveryPointSelection.IncludeVaults");
        assertThat(aws("create-restore-testing-plan", "--restore-testing-plan", "{\"RestoreTestingPlanName\":"
                + "\"bad-name\",\"ScheduleExpression\":\"cron(0 3 ? * * *)\",\"RecoveryPointSelection\":{"
                + "\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],\"RecoveryPointTypes\":"
                + "[\"SNAPSHOT\"]}}").err()).contains("(InvalidParameterValueException)")
                .contains("RestoreTestingPlanName bad-name is not valid");
        assertThat(aws("update-restore-testing-plan", "--restore-testing-plan-name", "model_plan",
                "--restore-testing-plan", "{\"ScheduleExpression\":\"cron(0 25 ? * * *)\"}").err())
                .contains("(InvalidParameterValueException)").contains("Invalid schedule expression");
        assertThat(aws("create-restore-testing-selection", "--restore-testing-plan-name", "model_plan",
                "--restore-testing-selection", "{\"RestoreTestingSelectionName\":\"both\",\"ProtectedResourceType\":"
                        + "\"Directory\",\"IamRoleArn\":\"" + ROLE + "\",\"ProtectedResourceArns\":[\"arn:aws:hokan:"
                        + "us-east-1:000000000000:directory/web\"],\"ProtectedResourceConditions\":{\"StringEquals\":"
                        + "[{\"Key\":\"a\",\"Value\":\"b\"}]}}").err())
                .contains("(InvalidParameterValueException)").contains("ProtectedResourceConditions apply only with");
        assertThat(aws("create-restore-testing-selection", "--restore-testing-plan-name", "model_plan",
                "--restore-testing-selection", "{\"RestoreTestingSelectionName\":\"elsewhere\","
                        + "\"ProtectedResourceType\":\"Directory\",\"IamRoleArn\":\"" + ROLE + "\","
                        + "\"ProtectedResourceArns\":[\"*\"],\"RestoreMetadataOverrides\":{\"targetpath\":\"/srv\"}}")
                .err()).contains("(InvalidParameterValueException)").contains("RestoreMetadataOverrides cannot set");
        assertThat(aws("get-restore-testing-plan", "--restore-testing-plan-name", "nope").err())
                .contains("(ResourceNotFoundException)").contains("Restore testing plan nope does not exist");
        assertThat(aws("delete-restore-testing-plan", "--restore-testing-plan-name", "model_plan").err())
                .contains("(InvalidRequestException)").contains("still has selections");
        assertThat(aws("put-restore-validation-result", "--restore-job-id", "NOPE", "--validation-status",
                "SUCCESSFUL").err()).contains("(ResourceNotFoundException)");

        AwsCliTest.Result tagged = aws("list-tags", "--resource-arn", arn);
        assertThat(tagged.exit()).as(tagged.err()).isZero();
        assertThat(aws("delete-restore-testing-selection", "--restore-testing-plan-name", "model_plan",
                "--restore-testing-selection-name", "named").exit()).isZero();
        AwsCliTest.Result deleted = aws("delete-restore-testing-plan", "--restore-testing-plan-name", "model_plan");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(aws("list-restore-testing-plans").json().get("RestoreTestingPlans").toString())
                .doesNotContain("model_plan");
    }

    @Test
    void aPlanOverDirectoryAndPostgresResourcesRunsOnItsScheduleValidatesDeletesAndRecordsRpoAndRto()
            throws Exception {
        Instant madeAt = tomorrowInBerlin("01:00");
        Instant firing = tomorrowInBerlin("06:00");
        setClock(madeAt);
        backup.createBackupVault(r -> r.backupVaultName("tested"));
        String web = hokan.registerDirectory("tested_web", Trees.sample(dir.resolve("tested-web"), 3),
                "{\"restore-test\":\"yes\"}");
        hokan.registerDirectory("untested_web", Trees.sample(dir.resolve("untested-web"), 4),
                "{\"restore-test\":\"no\"}");
        String webPoint = BackupRestoreTest.backupNow("tested", web, null);
        try (PostgresCluster cluster = PostgresCluster.start()) {
            cluster.sql("create role replicator login replication superuser; create table t as select"
                    + " generate_series(1, 20000) as n; create index t_n on t (n)");
            cluster.hbaFirst("host all,replication replicator 127.0.0.1/32 trust");
            HttpResponse<String> registered = PostgresResourceTest.register(hokan, "tested_db", cluster.port(),
                    "replicator", null);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            String db = "arn:aws:hokan:us-east-1:000000000000:postgresql/tested_db";
            String dbPoint = BackupRestoreTest.backupNow("tested", db, null);

            JsonNode plan = boto3("out(b.create_restore_testing_plan(RestoreTestingPlan={"
                    + "'RestoreTestingPlanName': 'nightly', 'ScheduleExpression': 'cron(0 6 ? * * *)',"
                    + "'ScheduleExpressionTimezone': 'Europe/Berlin', 'RecoveryPointSelection': {"
                    + "'Algorithm': 'LATEST_WITHIN_WINDOW', 'IncludeVaults': ['*'],"
                    + "'RecoveryPointTypes': ['SNAPSHOT'], 'SelectionWindowDays': 7}}))\n"
                    + "b.create_restore_testing_selection(RestoreTestingPlanName='nightly', RestoreTestingSelection={"
                    + "'RestoreTestingSelectionName': 'tagged_dirs', 'ProtectedResourceType': 'Directory',"
                    + "'IamRoleArn': '" + ROLE + "', 'ProtectedResourceArns': ['*'],"
                    + "'ProtectedResourceConditions': {'StringEquals': [{'Key': 'restore-test', 'Value': 'yes'}]}})\n"
                    + "b.create_restore_testing_selection(RestoreTestingPlanName='nightly', RestoreTestingSelection={"
                    + "'RestoreTestingSelectionName': 'databases', 'ProtectedResourceType': 'PostgreSQL',"
                    + "'IamRoleArn': '" + ROLE + "', 'ProtectedResourceArns': ['" + db + "']})\n");
            String planArn = plan.get("RestoreTestingPlanArn").asString();

            setClock(firing.minusSeconds(60));
            assertThat(backup.listRestoreJobs(r -> r.byRestoreTestingPlanArn(planArn)).restoreJobs()).isEmpty();
            setClock(firing.plusSeconds(30));
            List<JsonNode> tests = settledTests(planArn, 2);
            assertThat(tests).allSatisfy(t -> {
                assertThat(t.get("Status").asString()).as(t.toString()).isEqualTo("COMPLETED");
                assertThat(t.get("CreatedBy").get("RestoreTestingPlanArn").asString()).isEqualTo(planArn);
                assertThat(t.get("ValidationStatus").asString()).as(t.toString()).isEqualTo("SUCCESSFUL");
                assertThat(t.get("DeletionStatus").asString()).isEqualTo("SUCCESSFUL");
                assertThat(t.get("IamRoleArn").asString()).isEqualTo(ROLE);
                assertThat(Path.of(scratchTarget(t.get("RestoreJobId").asString()))).doesNotExist();
            });
            assertThat(tests).extracting(t -> t.get("RecoveryPointArn").asString())
                    .containsExactlyInAnyOrder(webPoint, dbPoint);
            assertThat(scratchTarget(tests.stream().filter(t -> t.get("SourceResourceArn").asString().equals(web))
                    .findFirst().orElseThrow().get("RestoreJobId").asString()))
                    .startsWith(hokan.dataDir.resolve("restore-tests").toString());
            assertConforms("DescribeRestoreJob", "/restore-jobs/" + tests.getFirst().get("RestoreJobId").asString(),
                    NOT_HERE);
            assertConforms("ListRestoreJobs", "/restore-jobs/?restoreTestingPlanArn=" + encoded(planArn), NOT_HERE);
            assertThat(backup.listRestoreJobsByProtectedResource(r -> r.resourceArn(web)).restoreJobs())
                    .singleElement().satisfies(j -> assertThat(j.createdBy().restoreTestingPlanArn()).isEqualTo(planArn));
            assertThat(backup.listRestoreJobSummaries(r -> r.state("COMPLETED")).restoreJobSummaries())
                    .anySatisfy(s -> assertThat(s.resourceType()).isEqualTo("PostgreSQL"));
            JsonNode described = boto3("out(b.get_restore_testing_plan(RestoreTestingPlanName='nightly'))")
                    .get("RestoreTestingPlan");
            assertThat(described.get("LastExecutionTime").asLong()).isEqualTo(firing.getEpochSecond());

            List<RestoreTestResult> measured = hokan.server.engine().restoreTesting()
                    .results(madeAt, firing.plus(Duration.ofHours(1)));
            assertThat(measured).hasSize(2).allSatisfy(m -> {
                assertThat(m.restoreTestingPlanArn()).isEqualTo(planArn);
                assertThat(m.validationStatus()).isEqualTo("SUCCESSFUL");
                assertThat(m.rpo()).as("the point was made at 01:00, restored at 06:00:30")
                        .isEqualTo(Duration.ofHours(5).plusSeconds(30));
                assertThat(m.rto()).isPositive().isLessThan(Duration.ofMinutes(3));
            });

            setClock(firing.plus(Duration.ofMinutes(30)));
            hokan.server.engine().tick();
            assertThat(backup.listRestoreJobs(r -> r.byRestoreTestingPlanArn(planArn)).restoreJobs())
                    .as("a firing runs once").hasSize(2);
        }
    }

    @Test
    void aDamagedPackFailsTheTestNamingTheDamage() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("damaged"));
        Path source = Files.createDirectories(dir.resolve("damaged-source"));
        byte[] data = new byte[3 << 20];
        new java.util.Random(5).nextBytes(data);
        Files.write(source.resolve("big.bin"), data);
        String resource = hokan.registerDirectory("damaged_web", source, "{}");
        BackupRestoreTest.backupNow("damaged", resource, null);
        Path pack = damageLargestPack("damaged");
        String planArn = createPlan("damage_check", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":"
                + "[\"arn:aws:backup:us-east-1:000000000000:backup-vault:damaged\"],\"RecoveryPointTypes\":"
                + "[\"SNAPSHOT\"]}", "rate(1 day)");
        createSelection("damage_check", "damaged_dirs", "Directory", ",\"ProtectedResourceArns\":[\"" + resource
                + "\"]");

        setClock(now().plus(Duration.ofDays(1)).plusSeconds(1));
        JsonNode test = settledTests(planArn, 1).getFirst();
        assertThat(test.get("Status").asString()).isEqualTo("FAILED");
        assertThat(test.get("ValidationStatus").asString()).isEqualTo("FAILED");
        assertThat(test.get("ValidationStatusMessage").asString()).as(test.toString())
                .contains("in pack " + pack.getFileName());
        assertThat(test.get("DeletionStatus").asString()).isEqualTo("SUCCESSFUL");
        assertThat(Path.of(scratchTarget(test.get("RestoreJobId").asString()))).doesNotExist();
    }

    @Test
    void aRestoreTestsMeasuredRtoMakesTheRestoreTimeControlCompliant() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("timed"));
        String resource = hokan.registerDirectory("timed_web", Trees.sample(dir.resolve("timed-web"), 5), "{}");
        BackupRestoreTest.backupNow("timed", resource, null);
        AwsCliTest.Result framework = aws("create-framework", "--framework-name", "restore_time",
                "--framework-controls", "[{\"ControlName\":\"RESTORE_TIME_FOR_RESOURCES_MEET_TARGET\","
                        + "\"ControlInputParameters\":[{\"ParameterName\":\"maxRestoreTime\","
                        + "\"ParameterValue\":\"30\"}],"
                        + "\"ControlScope\":{\"ComplianceResourceIds\":[\"" + resource + "\"]}}]");
        assertThat(framework.exit()).as(framework.err()).isZero();
        assertThat(restoreTime(resource)).isEqualTo("NON_COMPLIANT: it has no completed restore to show its restore"
                + " time");

        Instant created = now();
        String planArn = createPlan("timed_check", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":"
                + "[\"arn:aws:backup:us-east-1:000000000000:backup-vault:timed\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"]}",
                "rate(1 day)");
        createSelection("timed_check", "timed_dirs", "Directory", ",\"ProtectedResourceArns\":[\"" + resource
                + "\"]");
        setClock(created.plus(Duration.ofDays(1)).plusSeconds(1));
        JsonNode test = settledTests(planArn, 1).getFirst();
        assertThat(test.get("ValidationStatus").asString()).isEqualTo("SUCCESSFUL");
        RestoreTestResult measured = hokan.server.engine().restoreTesting()
                .results(created, now().plus(Duration.ofHours(1))).stream()
                .filter(r -> r.restoreTestingPlanArn().equals(planArn)).findFirst().orElseThrow();
        assertThat(restoreTime(resource)).isEqualTo("COMPLIANT: its latest restore "
                + test.get("RestoreJobId").asString() + " took " + measured.rto().toSeconds() + " seconds, within 30"
                + " minutes");
        assertThat(aws("delete-framework", "--framework-name", "restore_time").exit()).isZero();
    }

    /** The restore_time framework's verdict on the resource, evaluated now. */
    private static String restoreTime(String resource) {
        HttpResponse<String> r = hokan.signed("POST", "/hokan/v1/frameworks/restore_time/evaluate", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode evaluation = JSON.readTree(r.body()).get("Evaluations").get(0);
        assertThat(evaluation.get("ResourceArn").asString()).isEqualTo(resource);
        return evaluation.get("ComplianceStatus").asString() + ": " + evaluation.get("Reason").asString();
    }

    /** Overwrites 64 bytes in the middle of the largest pack of the vault (on the server's disk); returns the pack. */
    static Path damageLargestPack(String vault) throws IOException {
        Path pack;
        try (Stream<Path> files = Files.walk(hokan.dataDir.resolve("vaults/" + vault + "/data"))) {
            pack = files.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[64]);
        }
        return pack;
    }

    @Test
    void aTestThatHasNotStartedWhenItsPlansStartWindowEndsIsAborted() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("late"));
        String resource = hokan.registerDirectory("late_web", Trees.sample(dir.resolve("late-web"), 4), "{}");
        BackupRestoreTest.backupNow("late", resource, null);
        String planArn = createPlan("late_check", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":"
                + "[\"arn:aws:backup:us-east-1:000000000000:backup-vault:late\"],\"RecoveryPointTypes\":"
                + "[\"SNAPSHOT\"]}", "rate(1 day)");
        createSelection("late_check", "late_dirs", "Directory", ",\"ProtectedResourceArns\":[\"" + resource
                + "\"]");
        List<String> busy = new ArrayList<>();
        for (String name : List.of("busy_one", "busy_two")) {
            Path source = Files.createDirectories(dir.resolve(name));
            try (RandomAccessFile sparse = new RandomAccessFile(source.resolve("sparse.img").toFile(), "rw")) {
                sparse.setLength(16L << 30);
            }
            String arn = hokan.registerDirectory(name, source, "{}");
            busy.add(backup.startBackupJob(r -> r.backupVaultName("late").resourceArn(arn).iamRoleArn(ROLE))
                    .backupJobId());
        }
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> busy.stream()
                    .allMatch(id -> backup.describeBackupJob(r -> r.backupJobId(id)).state()
                            == BackupJobState.RUNNING));
            Instant created = now();
            setClock(created.plus(Duration.ofDays(1)).plusSeconds(1));
            JsonNode waiting = aws("list-restore-jobs", "--by-restore-testing-plan-arn", planArn).json()
                    .get("RestoreJobs").get(0);
            assertThat(waiting.get("Status").asString()).as("both workers are busy").isEqualTo("PENDING");

            setClock(created.plus(Duration.ofDays(1)).plus(Duration.ofHours(4)).plusSeconds(2));
            JsonNode aborted = settledTests(planArn, 1).getFirst();
            assertThat(aborted.get("Status").asString()).isEqualTo("ABORTED");
            assertThat(aborted.get("StatusMessage").asString()).as(aborted.toString())
                    .contains("did not start within its start window").contains("StartWindowHours 4 of " + planArn);
            assertThat(aborted.get("ValidationStatus").asString()).isEqualTo("FAILED");
            assertThat(aborted.get("DeletionStatus").asString()).isEqualTo("SUCCESSFUL");
        } finally {
            busy.forEach(id -> backup.stopBackupJob(r -> r.backupJobId(id)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).alias("the workers are free")
                    .until(() -> busy.stream().allMatch(id -> backup.describeBackupJob(r -> r.backupJobId(id))
                            .state() == BackupJobState.ABORTED));
        }
    }

    @Test
    void aCallersOwnResultOverridesWithinTheValidationWindowAndTheWindowEndsTheTest() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("checked"));
        String resource = hokan.registerDirectory("checked_web", Trees.sample(dir.resolve("checked-web"), 8), "{}");
        BackupRestoreTest.backupNow("checked", resource, null);
        String planArn = createPlan("own_check", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"]}", "rate(1 day)");
        createSelection("own_check", "checked_dirs", "Directory", ",\"ProtectedResourceArns\":[\"" + resource
                + "\"],\"ValidationWindowHours\":2");

        Instant created = now();
        setClock(created.plus(Duration.ofDays(1)).plusSeconds(1));
        String first = awaitValidated(planArn, 1);
        assertThat(Path.of(scratchTarget(first))).as("kept for the caller's check").isDirectory();
        AwsCliTest.Result put = aws("put-restore-validation-result", "--restore-job-id", first,
                "--validation-status", "FAILED", "--validation-status-message", "row count 41, expected 42");
        assertThat(put.exit()).as(put.err()).isZero();
        JsonNode overridden = aws("describe-restore-job", "--restore-job-id", first).json();
        assertThat(overridden.get("ValidationStatus").asString()).isEqualTo("FAILED");
        assertThat(overridden.get("ValidationStatusMessage").asString()).isEqualTo("row count 41, expected 42");
        assertThat(overridden.get("DeletionStatus").asString()).isEqualTo("SUCCESSFUL");
        assertThat(Path.of(scratchTarget(first))).doesNotExist();

        setClock(created.plus(Duration.ofDays(2)).plusSeconds(1));
        String second = awaitValidated(planArn, 2);
        setClock(created.plus(Duration.ofDays(2)).plus(Duration.ofHours(2)).plusSeconds(2));
        JsonNode windowEnded = aws("describe-restore-job", "--restore-job-id", second).json();
        assertThat(windowEnded.get("ValidationStatus").asString()).as("the server's own check stands")
                .isEqualTo("SUCCESSFUL");
        assertThat(windowEnded.get("DeletionStatus").asString()).isEqualTo("SUCCESSFUL");
        assertThat(aws("put-restore-validation-result", "--restore-job-id", second, "--validation-status",
                "FAILED").err()).contains("(InvalidRequestException)").contains("validation window");
    }

    /** The newest of the plan's {@code count} tests once the server's own check has given its result. */
    private static String awaitValidated(String planArn, int count) {
        String[] id = new String[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode jobs = hokan.signed("GET", "/restore-jobs/?restoreTestingPlanArn=" + encoded(planArn), null)
                    .body().transform(JSON::readTree).get("RestoreJobs");
            List<JsonNode> validated = new ArrayList<>();
            jobs.forEach(j -> {
                if (j.has("ValidationStatus") && !j.get("ValidationStatus").asString().equals("VALIDATING")) {
                    validated.add(j);
                }
            });
            validated.sort(Comparator.comparingDouble(j -> j.get("CreationDate").asDouble()));
            if (validated.size() == count) {
                id[0] = validated.getLast().get("RestoreJobId").asString();
                return true;
            }
            return false;
        });
        return id[0];
    }

    @Test
    void randomWithinWindowPicksOnlyPointsMadeWithinTheSelectionWindow() throws Exception {
        Instant first = tomorrowInBerlin("12:00");
        backup.createBackupVault(r -> r.backupVaultName("history"));
        String resource = hokan.registerDirectory("history_web", Trees.sample(dir.resolve("history-web"), 9), "{}");
        setClock(first.minus(Duration.ofHours(2)));
        String planArn = createPlan("random_pick", "{\"Algorithm\":\"RANDOM_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"],\"SelectionWindowDays\":3}", "cron(0 13 ? * * *)");
        createSelection("random_pick", "history_dirs", "Directory", ",\"ProtectedResourceArns\":[\"" + resource
                + "\"]");
        // a backup every day at 12:00, a run every day at 13:00, each run drawing among the points of three days
        List<String> points = new ArrayList<>();
        for (int day = 0; day < 6; day++) {
            setClock(first.plus(Duration.ofDays(day)));
            Files.writeString(dir.resolve("history-web/day.txt"), "day " + day);
            points.add(BackupRestoreTest.backupNow("history", resource, null));
        }
        setClock(first.plus(Duration.ofDays(5)).plus(Duration.ofHours(1)));
        List<JsonNode> tests = settledTests(planArn, 6);
        assertThat(tests).allSatisfy(t -> {
            Instant picked = Instant.ofEpochSecond(t.get("RecoveryPointCreationDate").asLong());
            Instant run = Instant.ofEpochSecond(t.get("CreationDate").asLong());
            assertThat(picked).isBetween(run.minus(Duration.ofDays(3)), run);
            assertThat(points).contains(t.get("RecoveryPointArn").asString());
        });
        assertThat(tests).filteredOn(t -> t.get("CreationDate").asLong() == first.plus(Duration.ofDays(5))
                .plus(Duration.ofHours(1)).getEpochSecond()).singleElement()
                .satisfies(t -> assertThat(t.get("RecoveryPointArn").asString()).isIn(points.subList(3, 6)));
    }

    @Test
    void callsAreAuthorisedAsBackupActionsOnThePlansArn() throws Exception {
        String allowed = createPlan("allowed_plan", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"]}", "cron(0 3 ? * * *)");
        String other = createPlan("other_plan", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"]}", "cron(0 3 ? * * *)");
        TestIdentities identities = new TestIdentities(hokan);
        TestIdentities.Signer tester = identities.createUser(identities.operator(), "restore-tester",
                TestIdentities.allow("backup:*RestoreTesting*",
                        "arn:aws:backup:us-east-1:000000000000:restore-testing-plan:allowed_plan-*"));

        assertThat(tester.signed("GET", "/restore-testing/plans/allowed_plan", null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = tester.signed("GET", "/restore-testing/plans/other_plan", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("AccessDeniedException")
                .contains("backup:GetRestoreTestingPlan on resource: " + other);
        assertThat(tester.signed("DELETE", "/restore-testing/plans/other_plan", null).statusCode()).isEqualTo(403);
        assertThat(tester.signed("DELETE", "/restore-testing/plans/allowed_plan", null).statusCode()).isEqualTo(204);
        assertThat(allowed).contains("allowed_plan-");

        TestIdentities.Signer creator = identities.createUser(identities.operator(), "restore-plan-creator",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"backup:CreateRestoreTestingPlan\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                        + "{\"aws:RequestTag/team\":\"qa\"}}}]}");
        String plan = "{\"RestoreTestingPlanName\":\"tagged_plan\",\"ScheduleExpression\":\"cron(0 3 ? * * *)\","
                + "\"RecoveryPointSelection\":{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":[\"*\"],"
                + "\"RecoveryPointTypes\":[\"SNAPSHOT\"]}}";
        assertThat(creator.signed("PUT", "/restore-testing/plans", "{\"RestoreTestingPlan\":" + plan + "}")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> tagged = creator.signed("PUT", "/restore-testing/plans", "{\"RestoreTestingPlan\":"
                + plan + ",\"Tags\":{\"team\":\"qa\"}}");
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(201);
        assertThat(backup.listTags(r -> r.resourceArn(JSON.readTree(tagged.body()).get("RestoreTestingPlanArn")
                .asString())).tags()).containsEntry("team", "qa");
    }
}
