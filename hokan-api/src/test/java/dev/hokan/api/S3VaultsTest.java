package dev.hokan.api;

import static dev.hokan.api.BackupRestoreTest.awaitBackupOn;
import static dev.hokan.api.BackupRestoreTest.awaitRestoreOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.testing.S3ProxyProcess;
import dev.hokan.storage.s3.S3Settings;
import dev.hokan.store.Vault;
import dev.hokan.store.verify.VerifyReport;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.PostgresCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.StorageClass;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real server whose vaults live on S3 (s3proxy on its filesystem store, a process on loopback), driven with the
 * AWS SDK: backup and restore, verification, deletion and garbage collection while a backup runs, tiers on local disk
 * and S3 both ways, and a server killed with SIGKILL in the middle of a backup to S3.
 */
class S3VaultsTest {
    private static final String BUCKET = "hokan";
    private static final long MIB = CrashRecoveryTest.MIB;
    private static final Pattern PACK_KEY = Pattern.compile("/[0-9a-f]{2}/[0-9a-f]{32,64}$");
    private static S3ProxyProcess s3;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyProcess.start(shared.resolve("s3proxy"));
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    /** Vaults at {@code storage} (and the cold tier there too), S3 at {@code endpoint} with the test access key. */
    static VaultLocations locations(String storage, URI endpoint) {
        return locations(storage, null, endpoint);
    }

    private static VaultLocations locations(String storage, String coldStorage, URI endpoint) {
        S3Settings settings = S3Settings.fromEnvironment(endpoint, null, Map.of(
                "HOKAN_S3_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY_ID,
                "HOKAN_S3_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_ACCESS_KEY));
        return VaultLocations.of(StorageBackends.standard(settings), storage, coldStorage);
    }

    /**
     * The bytes of the packs under {@code prefix}. Only keys named as packs count: s3proxy's filesystem store also
     * lists each directory as an object of 4096 bytes, and a PUT under way under a temporary key beside its own
     * ({@code KEY-UUID}) with what it has received so far.
     */
    private static long bytesOnS3(String prefix) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                    .filter(object -> PACK_KEY.matcher(object.key()).find()).mapToLong(S3Object::size).sum();
        }
    }


    static String backupNow(BackupClient backup, String vault, String arn, Lifecycle lifecycle) {
        String jobId = backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(arn).iamRoleArn(TestServer.ROLE)
                .lifecycle(lifecycle)).backupJobId();
        DescribeBackupJobResponse job = awaitBackupOn(backup, jobId);
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return job.recoveryPointArn();
    }

    private static void assertRestores(BackupClient backup, String pointArn, Path expected, Path target)
            throws IOException {
        String restoreId = backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        DescribeRestoreJobResponse restore = awaitRestoreOn(backup, restoreId);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(expected, target);
    }

    private Path randomFiles(String name, int mib, long seed) throws IOException {
        Path source = Files.createDirectories(dir.resolve(name));
        byte[] block = new byte[(int) MIB];
        SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream out = Files.newOutputStream(source.resolve(name + ".bin"))) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return source;
    }

    private Vault openOnS3(String location, Path data) throws IOException {
        return Vault.open(locations(location, s3.endpoint()).providers().open(URI.create(location)),
                MasterKey.load(data.resolve("master.key")), dir.resolve("reader-cache"));
    }

    @Test
    void backupRestoreVerifyAndADeletionCollectedWhileABackupRuns() throws Exception {
        Path data = dir.resolve("data");
        String site = "s3://" + BUCKET + "/site-a";
        try (TestServer hokan = TestServer.start(data, locations(site, s3.endpoint()))) {
            BackupClient backup = hokan.backup;
            backup.createBackupVault(r -> r.backupVaultName("on-s3"));
            Path web = Trees.sample(dir.resolve("web"), 61);
            Path onlyInOld = randomFiles("only-in-old", 12, 62);
            String first = backupNow(backup, "on-s3", hokan.registerDirectory("web", web, "{}"), null);
            String old = backupNow(backup, "on-s3", hokan.registerDirectory("old", onlyInOld, "{}"), null);
            assertThat(bytesOnS3("site-a/vaults/on-s3/data/")).isGreaterThan(12 * MIB);
            assertThat(data.resolve("vaults/on-s3")).as("nothing of the vault on local disk").doesNotExist();
            assertRestores(backup, first, web, dir.resolve("web-restored"));

            Path big = randomFiles("big", 96, 63);
            String bigJob = backup.startBackupJob(r -> r.backupVaultName("on-s3")
                    .resourceArn(hokan.registerDirectory("big", big, "{}")).iamRoleArn(TestServer.ROLE)).backupJobId();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() ->
                    backup.describeBackupJob(r -> r.backupJobId(bigJob)).state() == BackupJobState.RUNNING);
            backup.deleteRecoveryPoint(r -> r.backupVaultName("on-s3").recoveryPointArn(old));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try {
                    backup.describeRecoveryPoint(r -> r.backupVaultName("on-s3").recoveryPointArn(old));
                    return false;
                } catch (ResourceNotFoundException gone) {
                    return true;
                }
            });
            DescribeBackupJobResponse bigDone = awaitBackupOn(backup, bigJob);
            assertThat(bigDone.state()).as(bigDone.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertRestores(backup, bigDone.recoveryPointArn(), big, dir.resolve("big-restored"));
            assertRestores(backup, first, web, dir.resolve("web-restored-again"));
        }
        try (Vault vault = openOnS3(site + "/vaults/on-s3/", data)) {
            assertThat(vault.snapshots()).hasSize(2);
            // the collection the deletion started waited for the backup that ran across it; this one completes it
            vault.collectGarbage();
            assertThat(bytesOnS3("site-a/vaults/on-s3/data/")).as("the deleted point's data is freed")
                    .isLessThan(96 * MIB + 6 * MIB);
            VerifyReport report = vault.verify(true);
            assertThat(report.ok()).as(report.errors().toString()).isTrue();
            assertThat(report.bytesRead()).isGreaterThan(96 * MIB);
        }
    }

    @Test
    void coldTiersMoveBetweenLocalDiskAndS3BothWays() throws Exception {
        Path webS3ToLocal = Trees.sample(dir.resolve("to-local"), 71);
        Path data = dir.resolve("s3-warm");
        try (TestServer hokan = TestServer.start(data, locations("s3://" + BUCKET + "/site-b", data.toString(),
                s3.endpoint()))) {
            moveToColdAndRestore(hokan, webS3ToLocal);
            assertThat(bytesOnS3("site-b/vaults/tiers/data/")).as("the warm copy is gone from S3").isZero();
            assertThat(ColdStorageTest.bytesUnder(data.resolve("vaults-cold/tiers/data"))).isPositive();
        }
        Path webLocalToS3 = Trees.sample(dir.resolve("to-s3"), 72);
        Path local = dir.resolve("local-warm");
        try (TestServer hokan = TestServer.start(local, locations(local.toString(), "s3://" + BUCKET + "/site-c",
                s3.endpoint()))) {
            moveToColdAndRestore(hokan, webLocalToS3);
            assertThat(bytesOnS3("site-c/vaults-cold/tiers/data/")).isPositive();
            assertThat(ColdStorageTest.bytesUnder(local.resolve("vaults/tiers/data"))).isZero();
        }
    }

    private void moveToColdAndRestore(TestServer hokan, Path source) throws IOException {
        hokan.backup.createBackupVault(r -> r.backupVaultName("tiers"));
        String point = backupNow(hokan.backup, "tiers", hokan.registerDirectory("tiered", source, "{}"),
                ColdStorageTest.COLD_AFTER_A_DAY);
        hokan.advanceClock(Duration.ofDays(1));
        hokan.awaitColdStorage();
        assertThat(hokan.backup.describeRecoveryPoint(r -> r.backupVaultName("tiers").recoveryPointArn(point))
                .storageClass()).isEqualTo(StorageClass.COLD);
        assertRestores(hokan.backup, point, source, source.resolveSibling(source.getFileName() + "-restored"));
    }

    @Test
    void aPostgresClusterBackedUpToS3RestoresAsADataDirectoryThatStarts() throws Exception {
        Path home = PostgresCluster.home();
        try (PostgresCluster cluster = PostgresCluster.start();
             TestServer hokan = TestServer.start(dir.resolve("data"), locations("s3://" + BUCKET + "/site-e",
                     s3.endpoint()))) {
            cluster.pgbenchInit(2);
            hokan.backup.createBackupVault(r -> r.backupVaultName("databases"));
            assertThat(PostgresResourceTest.register(hokan, "orders", cluster.port(), "postgres", null).statusCode())
                    .isEqualTo(200);
            Process load = cluster.pgbench(2, 6);
            Thread.sleep(1000);
            long committedBefore = Long.parseLong(cluster.sql("select count(*) from pgbench_history"));
            AwsCliTest.Result started = AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                    TestServer.SECRET_KEY, "us-east-1", dir, "start-backup-job", "--backup-vault-name", "databases",
                    "--resource-arn", "arn:aws:hokan:us-east-1:000000000000:postgresql/orders", "--iam-role-arn",
                    TestServer.ROLE);
            assertThat(started.exit()).as(started.err()).isZero();
            DescribeBackupJobResponse job = awaitBackupOn(hokan.backup, started.json().get("BackupJobId").asString());
            load.waitFor();
            assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertThat(bytesOnS3("site-e/vaults/databases/data/")).isGreaterThan(MIB);
            assertThat(dir.resolve("data/vaults/databases")).as("nothing of the vault on local disk").doesNotExist();
            PostgresResourceTest.restoreAndCheck(hokan.backup, job.recoveryPointArn(), home.resolve("restored"),
                    committedBefore);
        } finally {
            PostgresCluster.remove(home);
        }
    }

    @Test
    void copiesGoBothWaysBetweenAServerOnS3AndASecondSiteOnLocalDisk() throws Exception {
        Path source = Trees.sample(dir.resolve("ledger"), 91);
        int s3SitePort = freePort();
        try (TestServer local = TestServer.start(SecondSiteTest.config(dir.resolve("site-local"), "us-west-1",
                SecondSiteTest.DR_KEY, SecondSiteTest.DR_SECRET, List.of(new RemoteRegion("us-east-1",
                        URI.create("http://127.0.0.1:" + s3SitePort), new KeyPair(TestServer.ACCESS_KEY,
                        TestServer.SECRET_KEY)))));
             TestServer onS3 = TestServer.start(new ServerConfig(dir.resolve("site-s3"), "127.0.0.1", s3SitePort,
                     ClockMode.MANUAL, dir.resolve("site-s3/master.key"), new Account(Account.DEFAULT_ACCOUNT,
                     "us-east-1"), Set.of(), List.of(new RemoteRegion("us-west-1", local.server.endpoint(),
                     new KeyPair(SecondSiteTest.DR_KEY, SecondSiteTest.DR_SECRET))), 2, ExpiryWindow.of(Duration.ZERO),
                     Map.of(RootCredentials.ACCESS_KEY_ENV, TestServer.ACCESS_KEY, RootCredentials.SECRET_KEY_ENV,
                             TestServer.SECRET_KEY), HomeHostRoots.UNCONFINED,
                     locations("s3://" + BUCKET + "/site-f", s3.endpoint())))) {
            BackupClient dr = TestServer.client(local.server.endpoint(), SecondSiteTest.DR_KEY, SecondSiteTest.DR_SECRET,
                    "us-west-1");
            dr.createBackupVault(r -> r.backupVaultName("dr"));
            onS3.backup.createBackupVault(r -> r.backupVaultName("prod"));
            onS3.backup.createBackupVault(r -> r.backupVaultName("returned"));

            CopyJob out = SecondSiteTest.copy(onS3, SecondSiteTest.backupNow(onS3, onS3.registerDirectory("ledger",
                    source, "{}")), SecondSiteTest.DR_VAULT);
            assertThat(out.state()).as(out.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
            assertRestores(dr, out.destinationRecoveryPointArn(), source, dir.resolve("restored-locally"));
            assertThat(dir.resolve("site-local/vaults/dr/data")).isNotEmptyDirectory();

            AwsCliTest.Result back = AwsCliTest.awsAt(local.server.endpoint(), SecondSiteTest.DR_KEY,
                    SecondSiteTest.DR_SECRET, "us-west-1", dir, "start-copy-job", "--recovery-point-arn",
                    out.destinationRecoveryPointArn(), "--source-backup-vault-name", "dr",
                    "--destination-backup-vault-arn", "arn:aws:backup:us-east-1:000000000000:backup-vault:returned",
                    "--iam-role-arn", TestServer.ROLE);
            assertThat(back.exit()).as(back.err()).isZero();
            CopyJob in = CopyJobTest.awaitCopyOn(dr, back.json().get("CopyJobId").asString());
            assertThat(in.state()).as(in.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
            assertThat(bytesOnS3("site-f/vaults/returned/data/")).isPositive();
            assertRestores(onS3.backup, in.destinationRecoveryPointArn(), source, dir.resolve("restored-from-s3"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    @Test
    void aServerKilledDuringABackupToS3LosesNothingCommittedAndLeavesNothingHalfMade() throws Exception {
        Path data = dir.resolve("data");
        Path small = Trees.sample(dir.resolve("small"), 81);
        Path big = CrashRecoveryTest.bigSource(dir);
        String site = "s3://" + BUCKET + "/site-d";
        String packs = "site-d/vaults/" + ServerProcess.VAULT + "/data/";

        CrashRecoveryTest.Killed killed = CrashRecoveryTest.killMidBackup(List.of(data.toString(), small.toString(),
                big.toString(), site, s3.endpoint().toString()), () -> bytesOnS3(packs));
        Files.move(big, dir.resolve("big-gone"));

        try (TestServer second = TestServer.start(data, locations(site, s3.endpoint()))) {
            assertThat(bytesOnS3(packs)).as("the killed backup's packs are freed at start").isEqualTo(killed.committed());
            DescribeBackupJobResponse resumed = awaitBackupOn(second.backup, killed.jobId());
            assertThat(resumed.state()).isEqualTo(BackupJobState.FAILED);
            assertThat(second.backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName(ServerProcess.VAULT))
                    .recoveryPoints()).singleElement().satisfies(p -> assertThat(p.recoveryPointArn())
                    .isEqualTo(killed.pointArn()));
            assertRestores(second.backup, killed.pointArn(), small, dir.resolve("restored"));
        }
        try (Vault vault = openOnS3(site + "/vaults/" + ServerProcess.VAULT + "/", data)) {
            assertThat(vault.snapshots()).as("no half-made point").hasSize(1);
            VerifyReport report = vault.verify(true);
            assertThat(report.ok()).as(report.errors().toString()).isTrue();
        }
    }
}
