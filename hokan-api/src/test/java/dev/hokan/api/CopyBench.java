package dev.hokan.api;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;

/**
 * The remote-copy benchmark (bench/copy-bench): two servers on loopback, the second serving region us-west-1 for
 * the first. Backs up dataset v1 and v2 on the first, then times the copy of v1 to the second (a full copy) and of
 * v2 after it (only what changed should travel), counting the bytes that crossed the link.
 * Arguments: V1_DIR V2_DIR CHANGED_BYTES.
 */
public final class CopyBench {
    private static final String KEY = "AKHKCOPYBENCHSITE001";
    private static final String SECRET = "copy-bench-secret";

    public static void main(String[] args) throws Exception {
        Path v1 = Path.of(args[0]).toAbsolutePath();
        Path v2 = Path.of(args[1]).toAbsolutePath();
        long changed = Long.parseLong(args[2]);
        Path work = Files.createTempDirectory("hokan-copy-bench");
        try (HokanServer second = HokanServer.start(config(work.resolve("site-b"), "us-west-1", KEY, SECRET,
                List.of()));
             FlakyProxy link = new FlakyProxy(second.endpoint());
             TestServer first = TestServer.start(config(work.resolve("site-a"), "us-east-1", TestServer.ACCESS_KEY,
                     TestServer.SECRET_KEY, List.of(
                     new RemoteRegion("us-west-1", link.endpoint(), new KeyPair(KEY, SECRET)))))) {
            TestServer.client(second.endpoint(), KEY, SECRET, "us-west-1")
                    .createBackupVault(r -> r.backupVaultName("dr"));
            first.backup.createBackupVault(r -> r.backupVaultName("prod"));
            String p1 = backup(first, first.registerDirectory("v1", v1, "{}"));
            String p2 = backup(first, first.registerDirectory("v2", v2, "{}"));
            long dataBytes = first.backup.describeRecoveryPoint(r -> r.backupVaultName("prod").recoveryPointArn(p1))
                    .backupSizeInBytes();

            Step full = copy(first, link, p1);
            Step incremental = copy(first, link, p2);
            double mibPerSecond = dataBytes / 1048576.0 / full.seconds();
            System.out.printf("full copy:        %,d bytes of data in %.1f s = %.1f MiB/s; %,d bytes on the link%n",
                    dataBytes, full.seconds(), mibPerSecond, full.linkBytes());
            System.out.printf("after the change: %.1f s; %,d bytes on the link for %,d changed bytes (%.2fx)%n",
                    incremental.seconds(), incremental.linkBytes(), changed, incremental.linkBytes() / (double) changed);
            System.out.printf("{\"data_bytes\": %d, \"full_seconds\": %.2f, \"full_mib_s\": %.1f, "
                    + "\"full_link_bytes\": %d, \"incremental_seconds\": %.2f, \"incremental_link_bytes\": %d, "
                    + "\"changed_bytes\": %d}%n", dataBytes, full.seconds(), mibPerSecond, full.linkBytes(),
                    incremental.seconds(), incremental.linkBytes(), changed);
        }
    }

    private record Step(double seconds, long linkBytes) {
    }

    private static Step copy(TestServer site, FlakyProxy link, String point) {
        long before = link.forwarded();
        long started = System.nanoTime();
        String id = site.backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("prod")
                .destinationBackupVaultArn("arn:aws:backup:us-west-1:000000000000:backup-vault:dr")
                .iamRoleArn(TestServer.ROLE)).copyJobId();
        CopyJob job = awaitCopy(site.backup, id);
        if (job.state() != CopyJobState.COMPLETED) {
            throw new IllegalStateException("copy failed: " + job.statusMessage());
        }
        return new Step((System.nanoTime() - started) / 1e9, link.forwarded() - before);
    }

    private static CopyJob awaitCopy(BackupClient client, String id) {
        while (true) {
            CopyJob job = client.describeCopyJob(r -> r.copyJobId(id)).copyJob();
            if (CopyJobTest.FINAL.contains(job.state())) {
                return job;
            }
            sleep();
        }
    }

    private static String backup(TestServer site, String resource) {
        String id = site.backup.startBackupJob(r -> r.backupVaultName("prod").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE).completeWindowMinutes(10_000L)).backupJobId();
        while (!BackupRestoreTest.FINAL.contains(site.backup.describeBackupJob(r -> r.backupJobId(id)).state())) {
            sleep();
        }
        return site.backup.describeBackupJob(r -> r.backupJobId(id)).recoveryPointArn();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ServerConfig config(Path dataDir, String region, String key, String secret,
                                       List<RemoteRegion> remotes) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.SYSTEM, dataDir.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, region), Set.of(), remotes, 2,
                ExpiryWindow.of(Duration.ZERO), Map.of(RootCredentials.ACCESS_KEY_ENV, key,
                RootCredentials.SECRET_KEY_ENV, secret));
    }
}
