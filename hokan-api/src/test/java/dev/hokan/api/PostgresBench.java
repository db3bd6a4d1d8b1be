package dev.hokan.api;

import dev.hokan.store.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * The PostgreSQL benchmark (bench/pg-bench): Hokan and pgBackRest side by side on one pgbench database. A full
 * backup, then {@code RUNS} times a pgbench run of {@code MINUTES} minutes followed by a backup (pgBackRest
 * {@code incr}); the repository sizes after them; the restore of the latest backup into a new directory and the start
 * of the restored cluster. pgBackRest keeps a local repository, zstd, {@code process-max} equal to the cores, and
 * archives WAL (which its backups require); its repository size is given with and without that archive.
 * Arguments: SCALE MINUTES RUNS.
 */
public final class PostgresBench {
    private static final String STANZA = "bench";

    public static void main(String[] args) throws Exception {
        int scale = Integer.parseInt(args[0]);
        double minutes = Double.parseDouble(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path home = PostgresCluster.home();
        Path conf = home.resolve("pgbackrest.conf");
        Path repo = home.resolve("pgbackrest-repo");
        String archive = "archive_command = 'pgbackrest --config=" + conf + " --stanza=" + STANZA + " archive-push %p'";
        try (PostgresCluster cluster = PostgresCluster.start("archive_mode = on", archive, "max_wal_size = 4GB",
                "checkpoint_timeout = 15min");
             TestServer hokan = TestServer.start(home.resolve("hokan-data"))) {
            Files.writeString(conf, String.join("\n", "[global]", "repo1-path=" + repo, "compress-type=zst",
                    "process-max=" + Runtime.getRuntime().availableProcessors(), "start-fast=y", "log-path=" + home,
                    "lock-path=" + home, "log-level-console=warn", "repo1-retention-full=9", "",
                    "[" + STANZA + "]", "pg1-path=" + cluster.dataDirectory(), "pg1-port=" + cluster.port(),
                    "pg1-socket-path=" + cluster.dataDirectory().getParent(), ""));
            asPostgres("mkdir", "-p", repo.toString());
            pgbackrest(conf, "stanza-create");
            long t0 = System.nanoTime();
            cluster.pgbenchInit(scale);
            System.out.printf("pgbench -i -s %d: %.0f s, database %s bytes%n", scale, seconds(t0),
                    cluster.sql("select pg_database_size('postgres')"));

            hokan.backup.createBackupVault(r -> r.backupVaultName("bench"));
            var registered = PostgresResourceTest.register(hokan, "bench", cluster.port(), "postgres", null);
            if (registered.statusCode() != 200) {
                throw new IllegalStateException(registered.body());
            }
            List<double[]> backups = new ArrayList<>();
            String latest = null;
            for (int i = 0; i <= runs; i++) {
                if (i > 0) {
                    Process load = cluster.pgbench(4, (int) Math.round(minutes * 60));
                    load.waitFor();
                }
                long h = System.nanoTime();
                latest = backup(hokan);
                double hokanSeconds = seconds(h);
                long p = System.nanoTime();
                pgbackrest(conf, "backup", "--type=" + (i == 0 ? "full" : "incr"));
                double peerSeconds = seconds(p);
                backups.add(new double[] {hokanSeconds, peerSeconds});
                System.out.printf("backup %d (%s): hokan %.1f s, pgbackrest %.1f s%n", i, i == 0 ? "full" : "incr",
                        hokanSeconds, peerSeconds);
            }
            long hokanRepo = bytesUnder(home.resolve("hokan-data").resolve("vaults"));
            long peerRepo = bytesUnder(repo);
            long peerBackups = bytesUnder(repo.resolve("backup"));
            System.out.printf("repositories after %d backups: hokan %,d bytes, pgbackrest %,d bytes (%,d without its WAL"
                    + " archive)%n", runs + 1, hokanRepo, peerRepo, peerBackups);

            String point = latest;
            Path hokanTarget = home.resolve("restore-hokan");
            long r = System.nanoTime();
            String restoreId = hokan.backup.startRestoreJob(q -> q.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                    .metadata(Map.of("TargetPath", hokanTarget.toString()))).restoreJobId();
            RestoreJobStatus status;
            while ((status = hokan.backup.describeRestoreJob(q -> q.restoreJobId(restoreId)).status())
                    == RestoreJobStatus.PENDING || status == RestoreJobStatus.RUNNING) {
                Thread.sleep(100);
            }
            if (status != RestoreJobStatus.COMPLETED) {
                throw new IllegalStateException("restore " + status);
            }
            double hokanRestore = seconds(r);
            double hokanStart = start(hokanTarget);
            Path peerTarget = home.resolve("restore-pgbackrest");
            long q = System.nanoTime();
            asPostgres("mkdir", "-m", "0700", peerTarget.toString());
            pgbackrest(conf, "restore", "--pg1-path=" + peerTarget, "--type=immediate", "--target-action=promote");
            double peerRestore = seconds(q);
            double peerStart = start(peerTarget);
            System.out.printf("restore of the latest: hokan %.1f s (+ %.1f s to start), pgbackrest %.1f s (+ %.1f s to"
                    + " start)%n", hokanRestore, hokanStart, peerRestore, peerStart);
            double hokanIncr = backups.stream().skip(1).mapToDouble(b -> b[0]).average().orElse(0);
            double peerIncr = backups.stream().skip(1).mapToDouble(b -> b[1]).average().orElse(0);
            System.out.printf("{\"scale\": %d, \"run_minutes\": %.2f, \"runs\": %d, \"full_s\": [%.2f, %.2f], "
                    + "\"incr_mean_s\": [%.2f, %.2f], \"repo_bytes\": [%d, %d], \"pgbackrest_repo_without_wal_bytes\": %d, "
                    + "\"restore_s\": [%.2f, %.2f], \"start_s\": [%.2f, %.2f], \"order\": [\"hokan\", \"pgbackrest\"]}%n",
                    scale, minutes, runs, backups.getFirst()[0], backups.getFirst()[1], hokanIncr, peerIncr, hokanRepo,
                    peerRepo, peerBackups, hokanRestore, peerRestore, hokanStart, peerStart);
        } finally {
            PostgresCluster.remove(home);
        }
    }

    private static String backup(TestServer hokan) throws InterruptedException {
        String id = hokan.backup.startBackupJob(r -> r.backupVaultName("bench")
                .resourceArn("arn:aws:hokan:us-east-1:000000000000:postgresql/bench").iamRoleArn(TestServer.ROLE))
                .backupJobId();
        while (true) {
            var job = hokan.backup.describeBackupJob(r -> r.backupJobId(id));
            if (job.state() == BackupJobState.COMPLETED) {
                return job.recoveryPointArn();
            }
            if (BackupRestoreTest.FINAL.contains(job.state())) {
                throw new IllegalStateException("backup " + job.state() + ": " + job.statusMessage());
            }
            Thread.sleep(100);
        }
    }

    /** Seconds until the restored cluster accepts connections, then stops it. */
    private static double start(Path data) throws IOException, InterruptedException {
        long t = System.nanoTime();
        try (PostgresCluster restored = PostgresCluster.restored(data)) {
            double took = seconds(t);
            restored.sql("select count(*) from pgbench_branches");
            return took;
        }
    }

    private static void pgbackrest(Path conf, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("pgbackrest", "--config=" + conf, "--stanza=" + STANZA));
        args.addAll(List.of(command));
        asPostgres(args.toArray(String[]::new));
    }

    private static void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).inheritIO().directory(new java.io.File("/tmp")).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
        }
    }

    private static long bytesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
