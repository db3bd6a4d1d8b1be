package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.store.testing.PostgresCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;

/**
 * Hokan killed with SIGKILL while pg_basebackup streams into the vault: the base backup on the PostgreSQL side ends
 * with it, and no recovery point that looks complete is left behind.
 */
class PostgresCrashTest {
    private static final String VAULT = "databases";

    @TempDir
    Path dir;

    @Test
    void aKillDuringABaseBackupLeavesNoCompleteLookingPoint() throws Exception {
        Path data = dir.resolve("data");
        String jobId;
        try (PostgresCluster cluster = PostgresCluster.start()) {
            cluster.pgbenchInit(20);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED"));
            command.addAll(TestServer.jvmOptions(data));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Server.class.getName(), data.toString(),
                    Integer.toString(cluster.port())));
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).as("the server process's report").startsWith("STARTED ");
                jobId = line.substring("STARTED ".length());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> Long.parseLong(
                        cluster.sql("select coalesce(max(backup_streamed), 0) from pg_stat_progress_basebackup")) > 32 << 20);
                child.destroyForcibly().waitFor();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    cluster.sql("select count(*) from pg_stat_progress_basebackup").equals("0"));
        }

        // with the cluster gone, the resumed backup fails instead of completing: nothing of the killed one remains
        try (TestServer second = TestServer.start(data)) {
            var resumed = BackupRestoreTest.awaitBackupOn(second.backup, jobId);
            assertThat(resumed.state()).isEqualTo(BackupJobState.FAILED);
            assertThat(resumed.statusMessage()).as("pg_basebackup's own words").contains("Connection refused");
            assertThat(second.backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName(VAULT)).recoveryPoints())
                    .isEmpty();
        }
    }

    /** A server in a process of its own, {@code DATA_DIR PORT}: it starts a backup of the cluster and runs until killed. */
    public static final class Server {
        private Server() {
        }

        public static void main(String[] args) throws Exception {
            TestServer hokan = TestServer.start(Path.of(args[0]));
            hokan.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            var registered = PostgresResourceTest.register(hokan, "orders", Integer.parseInt(args[1]), "postgres", null);
            if (registered.statusCode() != 200) {
                throw new IllegalStateException(registered.body());
            }
            System.out.println("STARTED " + hokan.backup.startBackupJob(r -> r.backupVaultName(VAULT)
                    .resourceArn("arn:aws:hokan:us-east-1:000000000000:postgresql/orders").iamRoleArn(TestServer.ROLE))
                    .backupJobId());
            Thread.currentThread().join();
        }
    }
}
