package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import dev.hokan.catalog.cell.vault.WorkClaim;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.CatalogBackups;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.Vault;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.nio.channels.Pipe;
import java.nio.channels.FileChannel;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.PostgresCluster;
import dev.hokan.store.verify.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;

/**
 * Two nodes on one PostgreSQL catalog sharing their vaults' storage and master key: what is due at a time happens
 * once, whichever node gets to it first.
 */
class ClusterOnceTest {
    private static final Instant DAY0 = Instant.parse("2040-03-01T00:00:00Z");

    @TempDir
    Path dir;

    private ServerConfig node(CatalogLocation catalog, String nodeId) {
        return TestServer.clusterNode(dir.resolve(nodeId), dir.resolve("master.key"), dir.resolve("storage"), catalog,
                nodeId);
    }

    private static HttpResponse<String> setClock(TestServer node, Instant now) {
        return node.signed("POST", "/hokan/v1/clock", "{\"Now\":" + now.getEpochSecond() + "}");
    }

    /** A plan backing up one directory every hour into vault {@code hourly}, made through {@code node}; its ARN. */
    private String hourlyBackupOfOneDirectory(TestServer node) throws IOException {
        BackupClient backup = node.backup;
        backup.createBackupVault(r -> r.backupVaultName("hourly"));
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("data.txt"), "hourly");
        String web = node.registerDirectory("web", source, "{}");
        String planId = backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("hourly")
                .rules(BackupRuleInput.builder().ruleName("hourly").targetBackupVaultName("hourly")
                        .scheduleExpression("cron(0 * * * ? *)").startWindowMinutes(60L).build())))
                .backupPlanId();
        backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("one")
                .iamRoleArn(TestServer.ROLE).resources(web)));
        return web;
    }

    @Test
    void eachFiringMakesItsJobsOnceWhenBothNodesReachItAtOnce() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(catalog, "node-a"));
             TestServer b = TestServer.start(node(catalog, "node-b"))) {
            setClock(a, DAY0);
            String web = hourlyBackupOfOneDirectory(a);

            int hours = 12;
            for (int h = 1; h <= hours; h++) {
                atOnce(a, b, DAY0.plus(Duration.ofHours(h)).plusSeconds(60));
            }

            List<BackupJob> jobs = b.backup.listBackupJobsPaginator(r -> r.byResourceArn(web)).backupJobs()
                    .stream().toList();
            Map<Instant, Long> jobsPerFiring = jobs.stream()
                    .collect(Collectors.groupingBy(BackupJob::creationDate, Collectors.counting()));
            assertThat(jobsPerFiring).hasSize(hours);
            assertThat(jobsPerFiring.values()).allMatch(n -> n == 1);
        }
    }

    @Test
    void theManualClockMovedThroughOneNodeIsEveryNodesAtOnceAndItsFiringsRunOnce() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(catalog, "node-a"));
             TestServer b = TestServer.start(node(catalog, "node-b"))) {
            assertThat(setClock(a, DAY0).statusCode()).isEqualTo(200);
            assertThat(now(b)).isEqualTo(DAY0);
            HttpResponse<String> advanced = b.signed("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":3600}");
            assertThat(advanced.statusCode()).as(advanced.body()).isEqualTo(200);
            assertThat(now(a)).isEqualTo(DAY0.plus(Duration.ofHours(1)));

            HttpResponse<String> back = setClock(a, DAY0);
            assertThat(back.statusCode()).isEqualTo(400);
            assertThat(back.body()).contains("InvalidParameterValueException", "the clock never goes back");

            String web = hourlyBackupOfOneDirectory(a);
            assertThat(setClock(a, DAY0.plus(Duration.ofHours(3)).plusSeconds(60)).statusCode()).isEqualTo(200);
            // node B takes up the move within a second and applies what it made due: nothing more
            Thread.sleep(3000);
            List<BackupJob> jobs = b.backup.listBackupJobsPaginator(r -> r.byResourceArn(web)).backupJobs()
                    .stream().toList();
            assertThat(jobs).extracting(BackupJob::creationDate).containsExactlyInAnyOrder(
                    DAY0.plus(Duration.ofHours(2)), DAY0.plus(Duration.ofHours(3)));
        }
    }

    @Test
    void nodesStartedInDifferentSecondsHoldOneManualTimeBeforeItIsMoved() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(catalog, "node-a"))) {
            Instant first = now(a);
            // a node's manual clock starts at its start, to the second
            Thread.sleep(1100);
            try (TestServer b = TestServer.start(node(catalog, "node-b"))) {
                Instant shared = now(b);
                assertThat(shared).isAfter(first);
                assertThat(now(a)).as("node A takes up the later start").isEqualTo(shared);
            }
        }
    }

    private static Instant now(TestServer node) {
        return Instant.ofEpochSecond(TestIdentities.ok(node.signed("GET", "/hokan/v1/clock", null)).path("Now")
                .asLong());
    }

    @Test
    void eachPointMovesToColdOnceAndExpiresOnceWhenBothNodesReachItAtOnce() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(catalog, "node-a"));
             TestServer b = TestServer.start(node(catalog, "node-b"))) {
            setClock(a, DAY0);
            a.backup.createBackupVault(r -> r.backupVaultName("tiers"));
            Lifecycle coldAfterADay = Lifecycle.builder().moveToColdStorageAfterDays(1L).deleteAfterDays(400L).build();
            List<Path> sources = new ArrayList<>();
            List<String> points = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TestServer via = i % 2 == 0 ? a : b;
                Path source = Trees.sample(dir.resolve("source-" + i), 40 + i);
                String arn = via.registerDirectory("source-" + i, source, "{}");
                sources.add(source);
                points.add(backupNow(via, "tiers", arn, coldAfterADay));
            }

            atOnce(a, b, DAY0.plus(Duration.ofDays(1)).plusSeconds(60));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> points.stream()
                    .allMatch(p -> b.backup.describeRecoveryPoint(r -> r.backupVaultName("tiers").recoveryPointArn(p))
                            .storageClassAsString().equals("COLD")));
            a.awaitColdStorage();
            b.awaitColdStorage();
            for (String point : points) {
                assertThat(events(a, "RecoveryPointMovedToColdStorage", point)).hasSize(1);
            }
            for (int i = 0; i < points.size(); i++) {
                assertRestores(i % 2 == 0 ? b : a, points.get(i), sources.get(i), dir.resolve("restored-" + i));
            }

            atOnce(a, b, DAY0.plus(Duration.ofDays(401)));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                    a.backup.describeBackupVault(r -> r.backupVaultName("tiers")).numberOfRecoveryPoints() == 0);
            for (String point : points) {
                assertThat(events(b, "BackupDeleted", point)).hasSize(1);
            }
        }
    }

    @Test
    void oneNodeStreamsAContinuousPointAndAnotherTakesTheStreamOverWhenItStops() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (PostgresCluster source = PostgresCluster.start();
             Catalogs catalogs = Catalogs.open(catalog)) {
            source.sql("create table markers (name text primary key)");
            CellCatalog cell = catalogs.cell(dir.resolve("reader"), Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION);
            // the first base backup starts the stream on node A (node B starts after it: two nodes would both run
            // the job until jobs are claimed)
            TestServer a = TestServer.start(node(catalog, "node-a"));
            boolean aRunning = true;
            try {
                setClock(a, DAY0);
                assertThat(PostgresResourceTest.register(a, "orders", source.port(), "postgres", null).statusCode())
                        .isEqualTo(200);
                a.backup.createBackupVault(r -> r.backupVaultName("pitr"));
                String resourceArn = "arn:aws:hokan:us-east-1:000000000000:postgresql/orders";
                String planId = a.backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("continuous")
                        .rules(BackupRuleInput.builder().ruleName("continuous").targetBackupVaultName("pitr")
                                .scheduleExpression("cron(0 5 ? * * *)").startWindowMinutes(60L)
                                .enableContinuousBackup(true).lifecycle(l -> l.deleteAfterDays(7L)).build())))
                        .backupPlanId();
                a.backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("orders")
                        .iamRoleArn(TestServer.ROLE).resources(resourceArn)));
                setClock(a, DAY0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(30)));
                BackupJob job = a.backup.listBackupJobs(r -> r.byResourceArn(resourceArn)).backupJobs().getFirst();
                var done = BackupRestoreTest.awaitBackupOn(a.backup, job.backupJobId());
                assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
                String point = done.recoveryPointArn();
                String pointId = point.substring(point.lastIndexOf(':') + 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> walSenders(source), n -> n == 1);
                String streamPid = source.sql("select active_pid from pg_replication_slots where active");
                assertThat(streamer(cell, pointId)).isEqualTo("node-a");

                // node B resumes no stream at its start, nor at its ticks: node A holds it
                try (TestServer b = TestServer.start(node(catalog, "node-b"))) {
                    setClock(b, DAY0.plus(Duration.ofHours(6)));
                    Thread.sleep(3000);
                    assertThat(walSenders(source)).isEqualTo(1);
                    assertThat(source.sql("select active_pid from pg_replication_slots where active"))
                            .isEqualTo(streamPid);
                    assertThat(streamer(cell, pointId)).isEqualTo("node-a");

                    a.close();
                    aRunning = false;
                    setClock(b, DAY0.plus(Duration.ofHours(7)));
                    await().atMost(Duration.ofSeconds(30)).until(() -> streamer(cell, pointId), "node-b"::equals);
                    await().atMost(Duration.ofSeconds(30)).until(() -> walSenders(source), n -> n == 1);
                    source.sql("insert into markers values ('after-takeover')");
                    Instant committed = Instant.now();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        String latest = b.backup.getRecoveryPointRestoreMetadata(r -> r.backupVaultName("pitr")
                                .recoveryPointArn(point)).restoreMetadata().get("LatestRestorableTime");
                        return latest != null && !Instant.parse(latest).isBefore(committed);
                    });
                }
            } finally {
                if (aRunning) {
                    a.close();
                }
            }
        }
    }

    @Test
    void aCollectionOnOneNodeSparesWhatABackupOnTheOtherIsWriting() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        MasterKey key;
        Path shared = dir.resolve("storage/vaults/shared");
        try (TestServer a = TestServer.start(node(catalog, "node-a"));
             TestServer b = TestServer.start(node(catalog, "node-b"))) {
            key = MasterKey.load(dir.resolve("master.key"));
            a.backup.createBackupVault(r -> r.backupVaultName("shared"));
            Path web = Trees.sample(dir.resolve("web"), 61);
            Path old = randomFiles(dir.resolve("old"), "old.bin", 12, 62);
            String first = backupNow(a, "shared", a.registerDirectory("web", web, "{}"), null);
            String oldPoint = backupNow(a, "shared", a.registerDirectory("old", old, "{}"), null);

            // another writer of the shared storage (a backup as a third node runs it) deduplicates against the old
            // point's chunks and is held open until node A's collection has recorded its decision
            try (Vault writer = Vault.open(new LocalBlobStore(shared), key, dir.resolve("writer-cache"))) {
                Pipe pipe = Pipe.open();
                AtomicLong read = new AtomicLong();
                CompletableFuture<BackupResult> held = CompletableFuture.supplyAsync(() -> {
                    try {
                        return writer.backup(new BackupRequest(BackupSource.stream("old.bin", pipe.source()), "held",
                                Map.of(), new ProgressListener() {
                                    @Override
                                    public void progress(long bytesDone, long bytesTotal) {
                                        read.set(bytesDone);
                                    }

                                    @Override
                                    public boolean showsTotal() {
                                        return false;
                                    }
                                }));
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (var oldBytes = FileChannel.open(old.resolve("old.bin"))) {
                    for (long sent = 0; sent < oldBytes.size(); ) {
                        sent += oldBytes.transferTo(sent, oldBytes.size() - sent, pipe.sink());
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> read.get() > 0);

                a.backup.deleteRecoveryPoint(r -> r.backupVaultName("shared").recoveryPointArn(oldPoint));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> decisions(shared), n -> n > 0);
                assertThat(held).as("the held writer is still open").isNotDone();
                pipe.sink().close();
                BackupResult written = held.get(60, TimeUnit.SECONDS);
                assertThat(written.stats().newBytes()).as("the held writer deduplicated against the old point")
                        .isLessThan(12L << 20);
            }
            assertRestores(b, first, web, dir.resolve("web-restored"));
        }
        try (Vault vault = Vault.open(new LocalBlobStore(shared), key, dir.resolve("reader-cache"))) {
            // node A's collection waited for the held writer's session; this one completes its decision
            vault.collectGarbage();
            VerifyReport report = vault.verify(true);
            assertThat(report.ok()).as(report.errors().toString()).isTrue();
            assertThat(report.snapshots()).isEqualTo(2);
            Path restored = dir.resolve("held-restored");
            String heldSnapshot = vault.snapshots().stream().filter(s -> s.resource().equals("held")).findFirst()
                    .orElseThrow().id();
            vault.restore(new RestoreRequest(heldSnapshot, RestoreSink.directory(restored)));
            assertThat(restored.resolve("old.bin")).hasSameBinaryContentAs(dir.resolve("old/old.bin"));
        }
    }

    @Test
    void theCatalogBackupIsTakenOncePerDayWhenBothNodesFindItDue() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        CatalogBackupPolicy policy = new CatalogBackupPolicy("catalogs", 35);
        try (TestServer a = TestServer.start(node(catalog, "node-a").withCatalogBackup(policy));
             TestServer b = TestServer.start(node(catalog, "node-b").withCatalogBackup(policy))) {
            setClock(a, DAY0);
            a.backup.createBackupVault(r -> r.backupVaultName("catalogs"));
            for (int day = 0; day < 3; day++) {
                atOnce(a, b, DAY0.plus(Duration.ofDays(day)).plusSeconds(60));
                int expected = day + 1;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> catalogBackups().size() >= expected);
                Thread.sleep(2000);
                assertThat(catalogBackups()).as("catalog backups by day " + day).hasSize(expected);
            }
        }
    }

    /** The catalog backups in vault {@code catalogs} of the shared storage, read with the master key alone. */
    private List<String> catalogBackups() throws IOException {
        try (Vault vault = Vault.open(new LocalBlobStore(dir.resolve("storage/vaults/catalogs")),
                MasterKey.load(dir.resolve("master.key")), Files.createTempDirectory(dir, "cache"))) {
            return vault.snapshots().stream().filter(s -> s.tags().containsKey(CatalogBackups.TAKEN_AT))
                    .map(SnapshotInfo::id).toList();
        }
    }

    @Test
    void eachMessageReachesAnHttpSubscriberOnceWhileBothNodesDeliver() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(catalog, "node-a"));
             TestServer b = TestServer.start(node(catalog, "node-b"));
             SnsReceiver receiver = SnsReceiver.start(0)) {
            String topic = sns(a, "create-topic", "--name", "once").json().get("TopicArn").asString();
            sns(b, "subscribe", "--topic-arn", topic, "--protocol", "http", "--notification-endpoint",
                    receiver.endpoint());
            await().atMost(Duration.ofSeconds(60)).until(() -> sns(a, "list-subscriptions-by-topic", "--topic-arn",
                    topic).json().get("Subscriptions").get(0).get("SubscriptionArn").asString().startsWith(topic));
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String message = "m" + i;
                sns(i % 2 == 0 ? a : b, "publish", "--topic-arn", topic, "--message", message);
                sent.add(message);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.messages().size() >= sent.size());
            Thread.sleep(3000);
            assertThat(receiver.messages()).as("each once, in order").containsExactlyElementsOf(sent);
            assertThat(receiver.problems()).isEmpty();
        }
    }

    private AwsCliTest.Result sns(TestServer node, String... args) throws IOException, InterruptedException {
        AwsCliTest.Result result = AwsCliTest.awsServiceAt(node.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "us-east-1", dir, "sns", args);
        assertThat(result.exit()).as(result.err()).isZero();
        return result;
    }

    /** The collection decisions recorded in a vault on local storage. */
    private static long decisions(Path vault) throws IOException {
        Path gc = vault.resolve("gc");
        if (!Files.isDirectory(gc)) {
            return 0;
        }
        try (var entries = Files.list(gc)) {
            return entries.count();
        }
    }

    private static Path randomFiles(Path source, String file, int mib, long seed) throws IOException {
        Files.createDirectories(source);
        byte[] block = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream out = Files.newOutputStream(source.resolve(file))) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return source;
    }

    /** The replication connections streaming WAL (those asking the WAL position come and go). */
    private static int walSenders(PostgresCluster source) throws Exception {
        return Integer.parseInt(source.sql("select count(*) from pg_stat_replication where state = 'streaming'"));
    }

    /** The node holding the claim on the continuous point's stream. */
    private static String streamer(CellCatalog cell, String pointId) {
        return cell.read(tx -> tx.workClaims().find(pointId, ClaimedWork.CONTINUOUS_STREAM))
                .map(WorkClaim::nodeId).orElse("");
    }

    /** Sets the clock through both nodes at the same moment, so that both apply what it makes due at once. */
    private static void atOnce(TestServer a, TestServer b, Instant now) {
        CompletableFuture<HttpResponse<String>> viaA = CompletableFuture.supplyAsync(() -> setClock(a, now));
        CompletableFuture<HttpResponse<String>> viaB = CompletableFuture.supplyAsync(() -> setClock(b, now));
        for (HttpResponse<String> moved : List.of(viaA.join(), viaB.join())) {
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        }
    }

    private static String backupNow(TestServer node, String vault, String resourceArn, Lifecycle lifecycle) {
        String job = node.backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(lifecycle)).backupJobId();
        var done = BackupRestoreTest.awaitBackupOn(node.backup, job);
        assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return done.recoveryPointArn();
    }

    private void assertRestores(TestServer node, String pointArn, Path expected, Path target) throws IOException {
        String restoreId = node.backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        DescribeRestoreJobResponse restore = BackupRestoreTest.awaitRestoreOn(node.backup, restoreId);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(expected, target);
    }

    /** The events of one type about one resource, through the extension API of {@code node}. */
    private static List<JsonNode> events(TestServer node, String type, String resourceArn) {
        JsonNode events = TestIdentities.ok(node.signed("GET", "/hokan/v1/events?type=" + type + "&maxResults=1000",
                null)).get("Events");
        return events.valueStream().filter(e -> e.get("ResourceArn").asString().equals(resourceArn)).toList();
    }
}
