package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * Seed 000's second site: two Hokan servers on loopback, the first configured with the second as its region
 * us-west-1. Copies go over signed HTTP, send only what the second site lacks, survive a link that drops in the
 * middle, and are refused by the second site's own vault policy. Then the first site is lost for good, and the
 * second restores byte for byte. The first site's 3-2-1-1 control counts a copy at the second site as storage of its
 * own, and as immutable in an air-gapped vault there, as the second site describes it.
 */
class SecondSiteTest {
    static final String DR_KEY = "AKHKDRSITEDRSITE0001";
    static final String DR_SECRET = "second-site-secret";
    static final String DR_VAULT = "arn:aws:backup:us-west-1:000000000000:backup-vault:dr";
    private static final int FILES = 24;
    private static final int FILE_BYTES = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theSecondSiteKeepsWhatTheFirstLoses() throws Exception {
        Path source = dataset(dir.resolve("ledger"));
        try (HokanServer second = HokanServer.start(config(dir.resolve("site-b"), "us-west-1", DR_KEY, DR_SECRET,
                List.of()));
             FlakyProxy link = new FlakyProxy(second.endpoint())) {
            BackupClient dr = TestServer.client(second.endpoint(), DR_KEY, DR_SECRET, "us-west-1");
            dr.createBackupVault(r -> r.backupVaultName("dr"));
            dr.createBackupVault(r -> r.backupVaultName("closed"));
            dr.putBackupVaultAccessPolicy(r -> r.backupVaultName("closed").policy("""
                    {"Version":"2012-10-17","Statement":[{"Sid":"NoCopiesIn","Effect":"Deny","Principal":"*",\
                    "Action":"backup:CopyIntoBackupVault","Resource":"*"}]}"""));

            String lastCopy;
            try (TestServer first = TestServer.start(config(dir.resolve("site-a"), "us-east-1", TestServer.ACCESS_KEY,
                    TestServer.SECRET_KEY, List.of(new RemoteRegion("us-west-1", link.endpoint(),
                            new KeyPair(DR_KEY, DR_SECRET)))))) {
                first.backup.createBackupVault(r -> r.backupVaultName("prod"));
                String ledger = first.registerDirectory("ledger", source, "{}");

                String point = backupNow(first, ledger);
                CopyJob full = copy(first, point, DR_VAULT);
                assertThat(full.state()).as(full.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
                assertThat(full.destinationRecoveryPointArn())
                        .startsWith("arn:aws:backup:us-west-1:000000000000:recovery-point:");
                long fullBytes = CopyJobTest.transferred(full);
                assertThat(fullBytes).isGreaterThanOrEqualTo((long) FILES * FILE_BYTES);

                changeOnePercent(source);
                String changed = backupNow(first, ledger);
                CopyJob incremental = copy(first, changed, DR_VAULT);
                assertThat(incremental.state()).isEqualTo(CopyJobState.COMPLETED);
                assertThat(CopyJobTest.transferred(incremental)).as("only the chunks around the change travel")
                        .isLessThan(fullBytes / 8);

                addFiles(source, 12);
                String grown = backupNow(first, ledger);
                // Past the first batch (at most 8 MiB), before the end of the 12 MiB that are new.
                link.cutAfter(10L * FILE_BYTES);
                CopyJob resumed = copy(first, grown, DR_VAULT);
                assertThat(link.cuts()).as("the link dropped during the copy").isEqualTo(1);
                assertThat(resumed.state()).as(resumed.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
                assertThat(CopyJobTest.transferred(resumed)).as("the second attempt sends only what did not arrive")
                        .isLessThan(12L * FILE_BYTES * 3 / 4);
                lastCopy = resumed.destinationRecoveryPointArn();

                CopyJob refused = copy(first, grown, "arn:aws:backup:us-west-1:000000000000:backup-vault:closed");
                assertThat(refused.state()).isEqualTo(CopyJobState.FAILED);
                assertThat(refused.statusMessage()).contains("The remote site refused the copy")
                        .contains("AccessDeniedException").contains("NoCopiesIn");
            }
            deleteTree(dir.resolve("site-a"));

            assertThat(dr.listRecoveryPointsByBackupVault(r -> r.backupVaultName("dr")).recoveryPoints())
                    .as("three copies, nothing half-made from the dropped attempt").hasSize(3)
                    .allSatisfy(p -> assertThat(p.sourceBackupVaultArn())
                            .isEqualTo("arn:aws:backup:us-east-1:000000000000:backup-vault:prod"));
            assertThat(dr.listRecoveryPointsByBackupVault(r -> r.backupVaultName("closed")).recoveryPoints()).isEmpty();
            Path restored = dir.resolve("restored-at-second-site");
            String restore = dr.startRestoreJob(r -> r.recoveryPointArn(lastCopy)
                    .metadata(Map.of("TargetPath", restored.toString()))).restoreJobId();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Set.of(
                    RestoreJobStatus.COMPLETED, RestoreJobStatus.FAILED)
                    .contains(dr.describeRestoreJob(r -> r.restoreJobId(restore)).status()));
            assertThat(dr.describeRestoreJob(r -> r.restoreJobId(restore)).status()).isEqualTo(RestoreJobStatus.COMPLETED);
            Trees.assertSameTree(source, restored);
        }
    }

    @Test
    void aCopyAtTheSecondSiteIsOnStorageOfItsOwnAndImmutableInAnAirGappedVault() throws Exception {
        try (HokanServer second = HokanServer.start(config(dir.resolve("site-b"), "us-west-1", DR_KEY, DR_SECRET,
                List.of()))) {
            BackupClient dr = TestServer.client(second.endpoint(), DR_KEY, DR_SECRET, "us-west-1");
            dr.createBackupVault(r -> r.backupVaultName("dr"));
            dr.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("dr-gapped").minRetentionDays(7L)
                    .maxRetentionDays(100L));
            try (TestServer first = TestServer.start(config(dir.resolve("site-a"), "us-east-1", TestServer.ACCESS_KEY,
                    TestServer.SECRET_KEY, List.of(new RemoteRegion("us-west-1", second.endpoint(),
                            new KeyPair(DR_KEY, DR_SECRET)))))) {
                first.backup.createBackupVault(r -> r.backupVaultName("prod"));
                String ledger = first.registerDirectory("ledger", Trees.sample(dir.resolve("ledger"), 3), "{}");
                first.backup.createFramework(r -> r.frameworkName("sites").frameworkControls(FrameworksTest.control(
                        "HOKAN_3_2_1_1", Map.of(), FrameworksTest.ids(ledger))));
                String point = backupNow(first, ledger);

                assertThat(copyKept(first, point, DR_VAULT).state()).isEqualTo(CopyJobState.COMPLETED);
                assertThat(rule(first, ledger)).as("another site's storage is a second kind of storage")
                        .isEqualTo("NON_COMPLIANT: no immutable copy within the RPO of 1440 minutes");

                String gapped = "arn:aws:backup:us-west-1:000000000000:backup-vault:dr-gapped";
                first.advanceClock(Duration.ofMinutes(1));
                assertThat(copyKept(first, point, gapped).state()).isEqualTo(CopyJobState.COMPLETED);
                assertThat(rule(first, ledger)).isEqualTo("COMPLIANT: 4 copies within the RPO of 1440 minutes (the"
                        + " resource itself, vault prod, " + DR_VAULT + ", " + gapped + ") on file, the storage of the"
                        + " site of us-west-1; in another region: " + DR_VAULT + "; immutable: " + gapped
                        + " (logically air-gapped)");
            }
        }
    }

    /** A copy kept 40 days, which an air-gapped vault's retention limits take. */
    private static CopyJob copyKept(TestServer site, String point, String destination) {
        String id = site.backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("prod")
                .destinationBackupVaultArn(destination).iamRoleArn(TestServer.ROLE)
                .lifecycle(l -> l.deleteAfterDays(40L))).copyJobId();
        return CopyJobTest.awaitCopyOn(site.backup, id);
    }

    /** The 3-2-1-1 rule's verdict on the resource, evaluated now at the site. */
    private static String rule(TestServer site, String resource) {
        return FrameworksTest.evaluateAt(site, "sites").get("HOKAN_3_2_1_1").get(resource);
    }

    static ServerConfig config(Path dataDir, String region, String key, String secret,
                                       List<RemoteRegion> remotes) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.MANUAL, dataDir.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, region), Set.of(), remotes, 2, ExpiryWindow.of(Duration.ZERO),
                Map.of(RootCredentials.ACCESS_KEY_ENV, key, RootCredentials.SECRET_KEY_ENV, secret));
    }

    static String backupNow(TestServer site, String resource) {
        String job = site.backup.startBackupJob(r -> r.backupVaultName("prod").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        return BackupRestoreTest.awaitBackupOn(site.backup, job).recoveryPointArn();
    }

    static CopyJob copy(TestServer site, String point, String destination) {
        String id = site.backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("prod")
                .destinationBackupVaultArn(destination).iamRoleArn(TestServer.ROLE)).copyJobId();
        return CopyJobTest.awaitCopyOn(site.backup, id);
    }

    private static Path dataset(Path root) throws IOException {
        Files.createDirectories(root.resolve("empty"));
        addFiles(root, FILES);
        return root;
    }

    private static void addFiles(Path root, int count) throws IOException {
        Random random = new Random(count);
        try (Stream<Path> existing = Files.list(root)) {
            long start = existing.count();
            byte[] data = new byte[FILE_BYTES];
            for (long i = start; i < start + count; i++) {
                random.nextBytes(data);
                Files.write(root.resolve("part-" + i + ".bin"), data);
            }
        }
    }

    /** Overwrites 1% of the data, in one place in the middle of one file. */
    private static void changeOnePercent(Path root) throws IOException {
        byte[] patch = new byte[FILES * FILE_BYTES / 100];
        new Random(7).nextBytes(patch);
        try (RandomAccessFile file = new RandomAccessFile(root.resolve("part-5.bin").toFile(), "rw")) {
            file.seek(FILE_BYTES / 3);
            file.write(patch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                // a vault's private index directory may still be going away as its last job closes it
                Files.deleteIfExists(p);
            }
        }
    }
}
