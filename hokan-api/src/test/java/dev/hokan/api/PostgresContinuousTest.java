package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.restoretest.RestoreTestResult;
import dev.hokan.store.testing.PostgresCluster;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.RestoreJobsListMember;

/**
 * Continuous backup and point-in-time restore of PostgreSQL through the real server and the AWS SDK: a plan rule with
 * EnableContinuousBackup keeps one continuous point per resource and vault, streaming WAL between base backups; a
 * table gets one row per 100 ms stamped with clock_timestamp(), so a restore to T must hold rows up to T and none
 * after it. A restore testing plan of CONTINUOUS points tests the point at its latest time, however long ago it was
 * created, into its scratch target, which the host path rules do not govern, validates the restored cluster with
 * pg_amcheck, records RPO and RTO and deletes it. One cluster serves the
 * whole class.
 */
class PostgresContinuousTest extends ServerTestBase {
    private static final String ARN = "arn:aws:hokan:us-east-1:000000000000:postgresql/";
    private static final Instant FIRST_NIGHT = Instant.parse("2040-03-01T04:00:00Z");
    static PostgresCluster cluster;
    static Path home;
    static Thread ticker;
    static volatile boolean ticking = true;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
        cluster.sql("create table ticks (ts timestamptz not null); create table markers (name text primary key)");
        home = PostgresCluster.home();
        ticker = Thread.ofPlatform().daemon().start(() -> {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                while (ticking) {
                    s.execute("insert into ticks values (clock_timestamp())");
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stopCluster() throws Exception {
        ticking = false;
        ticker.join();
        cluster.close();
        PostgresCluster.remove(home);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/postgres", "postgres", "");
    }

    /** Commits a marker row and returns when the commit had returned. */
    private static Instant mark(String name) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("insert into markers values ('" + name + "')");
        }
        return Instant.now();
    }

    /** The WAL segment file holding the end of the WAL written so far. */
    private static String walFileOfLastInsert() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
             var row = s.executeQuery("select pg_walfile_name(pg_current_wal_insert_lsn())")) {
            row.next();
            return row.getString(1);
        }
    }

    private static String plan(BackupClient client, String name, String vault, String resource) {
        return planFor(client, name, vault, ARN + resource);
    }

    private static String planFor(BackupClient client, String name, String vault, String resourceArn) {
        String planId = client.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName(name).rules(continuousRule(vault,
                7).build()))).backupPlanId();
        client.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName(name)
                .iamRoleArn(TestServer.ROLE).resources(resourceArn)));
        return planId;
    }

    private static BackupRuleInput.Builder continuousRule(String vault, long days) {
        return BackupRuleInput.builder().ruleName("continuous").targetBackupVaultName(vault)
                .scheduleExpression("cron(0 5 ? * * *)").startWindowMinutes(60L).enableContinuousBackup(true)
                .lifecycle(l -> l.deleteAfterDays(days));
    }

    /** Moves the clock past the rule's firing of {@code night} and returns the job it made, once finished. */
    private static BackupJob runRule(TestServer server, String resource, int night) {
        return runRuleOn(server, ARN + resource, night);
    }

    private static BackupJob runRuleOn(TestServer server, String resourceArn, int night) {
        server.setClock(FIRST_NIGHT.plus(Duration.ofDays(night)).plus(Duration.ofHours(2)));
        Instant fired = FIRST_NIGHT.plus(Duration.ofDays(night)).plus(Duration.ofHours(1));
        BackupJob job = await().atMost(Duration.ofSeconds(30)).until(() -> server.backup.listBackupJobs(r -> r
                .byResourceArn(resourceArn)).backupJobs().stream().filter(j -> j.creationDate().equals(fired))
                .findFirst().orElse(null), j -> j != null);
        var done = BackupRestoreTest.awaitBackupOn(server.backup, job.backupJobId());
        assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return server.backup.listBackupJobs(r -> r.byResourceArn(resourceArn)).backupJobs().stream()
                .filter(j -> j.backupJobId().equals(job.backupJobId())).findFirst().orElseThrow();
    }

    private static Map<String, String> metadata(BackupClient client, String vault, String point) {
        return client.getRecoveryPointRestoreMetadata(r -> r.backupVaultName(vault).recoveryPointArn(point))
                .restoreMetadata();
    }

    private static Instant latest(BackupClient client, String vault, String point) {
        String latest = metadata(client, vault, point).get("LatestRestorableTime");
        return latest == null ? Instant.EPOCH : Instant.parse(latest);
    }

    private static void awaitRestorable(BackupClient client, String vault, String point, Instant time, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> !latest(client, vault, point).isBefore(time));
    }

    private static Path restore(BackupClient client, String point, String target, Map<String, String> moment) {
        Path path = home.resolve(target);
        Map<String, String> metadata = new java.util.HashMap<>(moment);
        metadata.put("TargetPath", path.toString());
        String id = client.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(metadata)).restoreJobId();
        DescribeRestoreJobResponse done = BackupRestoreTest.awaitRestoreOn(client, id);
        assertThat(done.status()).as(done.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        return path;
    }

    /** Starts the restored data directory and returns the newest row of the ticks table. */
    private static Instant newestTick(Path data) throws Exception {
        try (PostgresCluster restored = PostgresCluster.restored(data)) {
            return Instant.parse(restored.sql("select to_char(max(ts) at time zone 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from ticks"));
        }
    }

    private static void assertRestoredTo(Path data, Instant time) throws Exception {
        Instant newest = newestTick(data);
        assertThat(newest).as("newest row of a restore to " + time).isBeforeOrEqualTo(time)
                .isAfter(time.minusSeconds(1));
    }

    @Test
    void aContinuousRuleKeepsOnePointThatRestoresToChosenMomentsAndTheLatest() throws Exception {
        assertThat(PostgresResourceTest.register(hokan, "orders", cluster.port(), "postgres", null).statusCode())
                .isEqualTo(200);
        backup.createBackupVault(r -> r.backupVaultName("pitr"));
        hokan.setClock(FIRST_NIGHT);
        plan(backup, "continuous", "pitr", "orders");
        BackupJob first = runRule(hokan, "orders", 0);
        String point = first.recoveryPointArn();

        // the RPO: a commit is restorable within 10 s
        Instant committed = mark("rpo");
        awaitRestorable(backup, "pitr", point, committed, Duration.ofSeconds(10));
        Map<String, String> window = metadata(backup, "pitr", point);
        assertThat(window).containsKeys("TargetPath", "RestoreTime", "UseLatestRestorableTime",
                "EarliestRestorableTime", "LatestRestorableTime");
        Instant earliest = Instant.parse(window.get("EarliestRestorableTime"));

        Thread.sleep(3000);
        Instant now = Instant.now();
        List<Instant> moments = List.of(now.minusMillis(2730), now.minusMillis(1460), now.minusMillis(350));
        awaitRestorable(backup, "pitr", point, moments.getLast(), Duration.ofSeconds(10));
        for (int i = 0; i < moments.size(); i++) {
            Instant t = moments.get(i);
            assertThat(t).isAfter(earliest);
            assertRestoredTo(restore(backup, point, "at-" + i, Map.of("RestoreTime", t.toString())), t);
        }

        Instant marked = mark("latest");
        Thread.sleep(10_000);
        Path latest = restore(backup, point, "latest", Map.of("UseLatestRestorableTime", "true"));
        assertThat(newestTick(latest)).isAfter(marked);
        try (PostgresCluster restored = PostgresCluster.restored(latest)) {
            assertThat(restored.sql("select count(*) from markers where name = 'latest'")).isEqualTo("1");
        }

        Instant before = earliest.minus(Duration.ofHours(1));
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(Map.of("TargetPath", home.resolve("never").toString(), "RestoreTime", before.toString()))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("outside the restorable window").hasMessageContaining(earliest.toString());

        AwsCliTest.awsCli = AwsCliTest.awsExecutable();
        if (AwsCliTest.awsCli != null) {
            AwsCliTest.Result cli = AwsCliTest.aws("get-recovery-point-restore-metadata", "--backup-vault-name", "pitr",
                    "--recovery-point-arn", point);
            assertThat(cli.exit()).as(cli.err()).isZero();
            assertThat(cli.json().get("RestoreMetadata").get("EarliestRestorableTime").asString())
                    .isEqualTo(earliest.toString());
        }

        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("pitr")
                .recoveryPointArn(point).lifecycle(l -> l.deleteAfterDays(30L))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("continuous backup");

        // an on-demand backup of the same resource is a snapshot
        var onDemand = BackupRestoreTest.awaitBackupOn(backup, backup.startBackupJob(r -> r.backupVaultName("pitr")
                .resourceArn(ARN + "orders").iamRoleArn(TestServer.ROLE)).backupJobId());
        assertThat(onDemand.state()).as(onDemand.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(onDemand.recoveryPointArn()).isNotEqualTo(point);
        assertThat(metadata(backup, "pitr", onDemand.recoveryPointArn())).doesNotContainKey("EarliestRestorableTime");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(onDemand.recoveryPointArn())
                .iamRoleArn(TestServer.ROLE).metadata(Map.of("TargetPath", home.resolve("never").toString(),
                        "RestoreTime", Instant.now().toString()))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("continuous recovery points only");

        // a copy of a continuous point is a snapshot of it
        backup.createBackupVault(r -> r.backupVaultName("pitr-copies"));
        var copy = CopyJobTest.awaitCopyOn(backup, backup.startCopyJob(r -> r.recoveryPointArn(point)
                .sourceBackupVaultName("pitr").iamRoleArn(TestServer.ROLE).destinationBackupVaultArn(
                        backup.describeBackupVault(v -> v.backupVaultName("pitr-copies")).backupVaultArn())).copyJobId());
        assertThat(copy.state()).as(copy.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        assertThat(metadata(backup, "pitr-copies", copy.destinationRecoveryPointArn()))
                .containsKey("TargetPath").doesNotContainKey("EarliestRestorableTime");

        // the next run takes a base backup into the same point
        assertThat(runRule(hokan, "orders", 1).recoveryPointArn()).isEqualTo(point);
        assertThat(backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("pitr")).recoveryPoints()).hasSize(2);

        // disassociating ends the continuous backup; the point stays, STOPPED
        backup.disassociateRecoveryPoint(r -> r.backupVaultName("pitr").recoveryPointArn(point));
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("pitr").recoveryPointArn(point)).status())
                .isEqualTo(RecoveryPointStatus.STOPPED);

        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("too-long")
                .rules(continuousRule("pitr", 36).build()))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("35");
    }

    @Test
    void theDataDirectorysOwnerCannotRedirectWhatARestoreToAMomentWrites() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the attacker is the postgres OS user");
        Path victim = Files.writeString(dir.resolve("root-only.conf"), "root's own\n");
        try (TestServer server = TestServer.start(dir.resolve("attacked"))) {
            String point = continuousPoint(server, "attacked", "before-the-attack");
            Instant restoreTo = mark("before-the-attacked-restore");
            awaitRestorable(server.backup, "attacked", point, restoreTo, Duration.ofSeconds(20));
            // the owner of the target's parent owns the restored data directory, and puts symlinks to a file of
            // root's where the restore writes recovery.signal and appends to postgresql.auto.conf, again and again
            Path target = home.resolve("attacked");
            Path stop = home.resolve("attack-over");
            String signal = target + "/recovery.signal";
            String conf = target + "/postgresql.auto.conf";
            Process attacker = new ProcessBuilder("su", "postgres", "-s", "/bin/sh", "-c", "while [ ! -e " + stop
                    + " ]; do ln -s " + victim + " " + signal + "; if [ -f " + conf + " ] && [ ! -L " + conf + " ];"
                    + " then rm -f " + conf + "; ln -s " + victim + " " + conf + "; fi; done")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            DescribeRestoreJobResponse done;
            try {
                String id = server.backup.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                        .metadata(Map.of("TargetPath", target.toString(), "RestoreTime", restoreTo.toString())))
                        .restoreJobId();
                done = BackupRestoreTest.awaitRestoreOn(server.backup, id);
            } finally {
                Files.writeString(stop, "");
                attacker.waitFor();
            }
            assertThat(victim).hasContent("root's own");
            assertThat(done.status()).isEqualTo(RestoreJobStatus.FAILED);
            assertThat(done.statusMessage()).containsAnyOf("recovery.signal", "postgresql.auto.conf");
            endProtection(server);
        }
    }

    @Test
    void aContinuousRuleTakesSnapshotsOfAKindWithoutContinuousBackupAndSaysSo() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("directory"))) {
            Path source = java.nio.file.Files.createDirectories(dir.resolve("site"));
            java.nio.file.Files.writeString(source.resolve("index.html"), "hello");
            String arn = server.registerDirectory("site", source, "{}");
            server.setClock(FIRST_NIGHT);
            planFor(server.backup, "site", "Default", arn);
            BackupJob job = runRuleOn(server, arn, 0);
            assertThat(job.statusMessage()).contains("Resource type Directory has no continuous backup");
            assertThat(metadata(server.backup, "Default", job.recoveryPointArn()))
                    .doesNotContainKey("EarliestRestorableTime");
        }
    }

    @Test
    void noWalIsLostWhileHokanIsStoppedAndADroppedSlotIsAGapThatNarrowsTheWindow() throws Exception {
        Path data = dir.resolve("restarted");
        String point;
        try (TestServer first = TestServer.start(data)) {
            point = continuousPoint(first, "ledger", "before-stop");
        }
        Thread.sleep(3000);
        Instant whileStopped = Instant.now().minusMillis(1250);
        Thread.sleep(1000);
        try (TestServer second = TestServer.start(data)) {
            awaitRestorable(second.backup, "ledger", point, Instant.now(), Duration.ofSeconds(30));
            assertRestoredTo(restore(second.backup, point, "while-stopped", Map.of("RestoreTime",
                    whileStopped.toString())), whileStopped);

            Instant earliest = Instant.parse(metadata(second.backup, "ledger", point).get("EarliestRestorableTime"));
            String slot = "hokan_" + point.substring(point.lastIndexOf(':') + 1).replace("-", "").toLowerCase();
            Instant dropped = Instant.now();
            cluster.sql("select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = '" + slot
                    + "'; do $$ begin for i in 1..100 loop begin perform pg_drop_replication_slot('" + slot + "');"
                    + " exit; exception when others then perform pg_sleep(0.05); end; end loop; end $$");
            await().atMost(Duration.ofSeconds(30)).until(() -> second.signed("GET",
                    "/hokan/v1/events?type=ContinuousBackupInterrupted", null).body(), body -> body.contains(point));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    metadata(second.backup, "ledger", point).get("EarliestRestorableTime"),
                    e -> e != null && Instant.parse(e).isAfter(dropped));
            assertThat(Instant.parse(metadata(second.backup, "ledger", point).get("EarliestRestorableTime")))
                    .isAfter(earliest);
            assertThatThrownBy(() -> second.backup.startRestoreJob(r -> r.recoveryPointArn(point)
                    .iamRoleArn(TestServer.ROLE).metadata(Map.of("TargetPath", home.resolve("never").toString(),
                            "RestoreTime", dropped.minusSeconds(1).toString()))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("outside the restorable window");
            assertThat(cluster.sql("select count(*) from pg_replication_slots where slot_name = '" + slot + "'"))
                    .isEqualTo("1");

            // protection ends with the selection: the slot is dropped, the point stays, STOPPED
            endProtection(second);
            assertThat(second.backup.describeRecoveryPoint(r -> r.backupVaultName("ledger").recoveryPointArn(point))
                    .status()).isEqualTo(RecoveryPointStatus.STOPPED);
            assertThat(cluster.sql("select count(*) from pg_replication_slots where slot_name = '" + slot + "'"))
                    .isEqualTo("0");
            HttpResponse<String> stopped = second.signed("GET", "/hokan/v1/events?type=ContinuousBackupStopped", null);
            assertThat(stopped.body()).contains(point);
        }
    }

    @Test
    void aRestoreToAMomentWhoseServerStoppedStartsAgainIntoItsEmptiedTarget() throws Exception {
        Path data = dir.resolve("taken-over");
        String point;
        try (TestServer first = TestServer.start(data)) {
            point = continuousPoint(first, "journal", "before-the-restore");
        }
        // what a restore to the latest time left when its server stopped: part of a data directory
        Path target = Files.createDirectories(home.resolve("taken-over"));
        Files.writeString(target.resolve("PG_VERSION"), "partial");
        Files.writeString(target.resolve("left-by-the-first-run"), "partial");
        String jobId = InterruptedRestores.leftRunning(data, point, Map.of("TargetPath", target.toString(),
                "UseLatestRestorableTime", "true"), 0);

        try (TestServer second = TestServer.start(data)) {
            DescribeRestoreJobResponse done = BackupRestoreTest.awaitRestoreOn(second.backup, jobId);
            assertThat(done.status()).as(done.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(done.statusMessage()).startsWith("Started again from the beginning after the node running it"
                    + " stopped");
            endProtection(second);
        }
        assertThat(target.resolve("left-by-the-first-run")).doesNotExist();
        try (PostgresCluster restored = PostgresCluster.restored(target)) {
            assertThat(restored.sql("select count(*) from markers where name = 'before-the-restore'")).isEqualTo("1");
        }
    }

    @Test
    void aRestoreTestOfTheContinuousPointRestoresItsLatestTimeAndADirectRestoreShowsAChosenMoment() throws Exception {
        // the home account may restore into the cluster's home only: a test's scratch target is not a host path
        ServerConfig confined = new ServerConfig(dir.resolve("restore-tested"), "127.0.0.1", 0, ClockMode.MANUAL,
                dir.resolve("restore-tested.key"), new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION),
                Set.of(), List.of(), 2, ExpiryWindow.of(Duration.ZERO), Map.of(RootCredentials.ACCESS_KEY_ENV,
                TestServer.ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY),
                HomeHostRoots.confined(List.of(), List.of(home)));
        try (TestServer server = TestServer.start(confined)) {
            String point = continuousPoint(server, "tested", "before-the-moment");

            // StartRestoreJob of the continuous point to a moment: the rows committed by then, none after
            Instant chosen = mark("at-the-moment");
            Thread.sleep(1000);
            mark("after-the-moment");
            // segments sealed after the one the WAL is cut in: restored ahead of pg_waldump's reading, then removed
            String cutIn = walFileOfLastInsert();
            for (int i = 1; i <= 3; i++) {
                mark("tested-after-switch-" + i);
                try (Connection c = connect(); Statement s = c.createStatement()) {
                    s.execute("select pg_switch_wal()");
                }
            }
            awaitRestorable(server.backup, "tested", point, Instant.now(), Duration.ofSeconds(10));
            Path atMoment = restore(server.backup, point, "tested-at-moment", Map.of("RestoreTime", chosen.toString()));
            try (Stream<Path> files = Files.list(atMoment.resolve("hokan_wal"))) {
                assertThat(files.map(file -> file.getFileName().toString()).toList()).isNotEmpty()
                        .allSatisfy(name -> assertThat(name).matches("[0-9A-F]{24}").isLessThanOrEqualTo(cutIn));
            }
            assertRestoredTo(atMoment, chosen);
            try (PostgresCluster restored = PostgresCluster.restored(atMoment)) {
                assertThat(restored.sql("select string_agg(name, ',' order by name) from markers where name in"
                        + " ('before-the-moment', 'at-the-moment', 'after-the-moment')"))
                        .isEqualTo("at-the-moment,before-the-moment");
            }
            // a first start that stopped during its promotion: the next start replays what the first fetched
            Path interrupted = restore(server.backup, point, "tested-interrupted", Map.of("RestoreTime",
                    chosen.toString()));
            asAfterAnInterruptedPromotion(interrupted);
            try (PostgresCluster restored = PostgresCluster.restored(interrupted)) {
                assertThat(restored.sql("select string_agg(name, ',' order by name) from markers where name in"
                        + " ('before-the-moment', 'at-the-moment', 'after-the-moment')"))
                        .isEqualTo("at-the-moment,before-the-moment");
            }

            // a plan testing CONTINUOUS points daily, run two days after the point was created (a window of one day)
            String planArn = server.backup.createRestoreTestingPlan(r -> r.restoreTestingPlan(p -> p
                    .restoreTestingPlanName("continuous_tests").scheduleExpression("cron(0 8 ? * * *)")
                    .startWindowHours(1).recoveryPointSelection(s -> s.algorithm("LATEST_WITHIN_WINDOW")
                            .includeVaults("*").recoveryPointTypesWithStrings("CONTINUOUS").selectionWindowDays(1))))
                    .restoreTestingPlanArn();
            server.backup.createRestoreTestingSelection(r -> r.restoreTestingPlanName("continuous_tests")
                    .restoreTestingSelection(s -> s.restoreTestingSelectionName("databases")
                            .protectedResourceType("PostgreSQL").iamRoleArn(TestServer.ROLE)
                            .protectedResourceArns(ARN + "tested")));
            Instant run = FIRST_NIGHT.plus(Duration.ofDays(2)).plus(Duration.ofHours(4));
            Instant committed = mark("before-the-test");
            awaitRestorable(server.backup, "tested", point, committed, Duration.ofSeconds(10));
            server.setClock(run.plusSeconds(30));
            RestoreJobsListMember test = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> server.backup.listRestoreJobs(r -> r.byRestoreTestingPlanArn(planArn)).restoreJobs(),
                            jobs -> jobs.size() == 1 && jobs.getFirst().deletionStatus() != null
                                    && !jobs.getFirst().deletionStatusAsString().equals("DELETING")).getFirst();
            assertThat(test.status()).as(test.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(test.recoveryPointArn()).isEqualTo(point);
            assertThat(test.createdBy().restoreTestingPlanArn()).isEqualTo(planArn);
            assertThat(test.validationStatusAsString()).as("pg_amcheck: " + test.validationStatusMessage())
                    .isEqualTo("SUCCESSFUL");
            assertThat(test.deletionStatusAsString()).isEqualTo("SUCCESSFUL");
            Path scratch = Path.of(server.backup.getRestoreJobMetadata(r -> r.restoreJobId(test.restoreJobId()))
                    .metadata().get("TargetPath"));
            assertThat(scratch.getParent().getFileName().toString()).isEqualTo("hokan-restore-test-"
                    + test.restoreJobId());
            assertThat(scratch.getParent()).doesNotExist();

            List<RestoreTestResult> measured = server.server.engine().restoreTesting().results(run.minusSeconds(1),
                    run.plus(Duration.ofHours(1)));
            assertThat(measured).singleElement().satisfies(m -> {
                assertThat(m.validationStatus()).isEqualTo("SUCCESSFUL");
                assertThat(m.rpo()).as("the latest restorable time lagged seconds behind, though the point was"
                        + " created two days before on the service clock").isPositive()
                        .isLessThan(Duration.ofMinutes(1));
                assertThat(m.rto()).isPositive().isLessThan(Duration.ofMinutes(3));
            });
            endProtection(server);
        }
    }

    /**
     * Leaves a data directory restored to a moment as PostgreSQL leaves one whose first start stopped during its
     * promotion: every WAL segment recovery fetched kept in pg_wal, recovery.signal removed, the end-of-recovery
     * checkpoint not yet written. The next start is then a crash recovery through all the WAL in pg_wal.
     */
    private static void asAfterAnInterruptedPromotion(Path data) throws Exception {
        try (Stream<Path> segments = Files.list(data.resolve("hokan_wal"))) {
            for (Path segment : segments.toList()) {
                Files.copy(segment, data.resolve("pg_wal").resolve(segment.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.delete(data.resolve("recovery.signal"));
    }

    /**
     * Protects resource {@code name} of the cluster continuously into vault {@code name} of {@code server}, from the
     * first night on; the point, once it is restorable past the marker {@code marker} committed then.
     */
    private static String continuousPoint(TestServer server, String name, String marker) throws Exception {
        assertThat(PostgresResourceTest.register(server, name, cluster.port(), "postgres", null).statusCode())
                .isEqualTo(200);
        server.backup.createBackupVault(r -> r.backupVaultName(name));
        server.setClock(FIRST_NIGHT);
        plan(server.backup, name, name, name);
        String point = runRule(server, name, 0).recoveryPointArn();
        awaitRestorable(server.backup, name, point, mark(marker), Duration.ofSeconds(10));
        return point;
    }

    /** Deletes the only selection of the server's only plan, which ends its continuous protection. */
    private static void endProtection(TestServer server) {
        String planId = server.backup.listBackupPlans().backupPlansList().getFirst().backupPlanId();
        String selectionId = server.backup.listBackupSelections(r -> r.backupPlanId(planId)).backupSelectionsList()
                .getFirst().selectionId();
        server.backup.deleteBackupSelection(r -> r.backupPlanId(planId).selectionId(selectionId));
        server.advanceClock(Duration.ofMinutes(1));
    }
}
