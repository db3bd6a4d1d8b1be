package dev.hokan.api;

import dev.hokan.store.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * The PostgreSQL benchmark (bench/pg-bench): Hokan and pgBackRest side by side on one pgbench database. A full
 * backup, then {@code RUNS} times a pgbench run of {@code MINUTES} minutes followed by a backup (pgBackRest
 * {@code incr}); the repository sizes after them; the restore of the latest backup into a new directory and the start
 * of the restored cluster. pgBackRest keeps a local repository, zstd, {@code process-max} equal to the cores, and
 * archives WAL (which its backups require); its repository size is given with and without that archive.
 * <p>
 * Point-in-time restore: a plan rule with EnableContinuousBackup keeps a continuous point of the same database, with a
 * base backup after each of Hokan's snapshot backups (untimed, the manual clock moved a day to fire the rule). During
 * the last pgbench run a marker row is committed every few seconds and the time until Hokan's LatestRestorableTime
 * reaches it is the measured RPO. Both tools then restore to the middle of the last run (pgBackRest
 * {@code --type=time}) and start the result, which replays the WAL up to that moment.
 * Arguments: SCALE MINUTES RUNS.
 */
public final class PostgresBench {
    private static final String STANZA = "bench";
    /** The continuous point's own vault, so that it shares no chunks with the timed snapshot backups. */
    private static final String PITR_VAULT = "bench-pitr";
    private static final String RESOURCE = "arn:aws:hokan:us-east-1:000000000000:postgresql/bench";
    private static final Instant FIRST_NIGHT = Instant.parse("2040-03-01T04:00:00Z");
    private static final DateTimeFormatter PGBACKREST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

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
            hokan.backup.createBackupVault(r -> r.backupVaultName(PITR_VAULT));
            var registered = PostgresResourceTest.register(hokan, "bench", cluster.port(), "postgres", null);
            if (registered.statusCode() != 200) {
                throw new IllegalStateException(registered.body());
            }
            cluster.sql("create table bench_markers (n int primary key)");
            hokan.setClock(FIRST_NIGHT);
            String continuousPoint = continuousPlan(hokan);
            List<double[]> backups = new ArrayList<>();
            List<Double> rpos = new ArrayList<>();
            String latest = null;
            Instant pitrTime = null;
            for (int i = 0; i <= runs; i++) {
                if (i > 0) {
                    int seconds = (int) Math.round(minutes * 60);
                    Instant started = Instant.now();
                    Process load = cluster.pgbench(4, seconds);
                    if (i == runs) {
                        pitrTime = started.plusMillis(seconds * 500L);
                        measureRpo(hokan, cluster, continuousPoint, load, rpos);
                    }
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
                if (i > 0 && i < runs) {
                    continuousBase(hokan, i);
                }
            }
            long hokanRepo = bytesUnder(home.resolve("hokan-data").resolve("vaults").resolve("bench"));
            long peerRepo = bytesUnder(repo);
            long peerBackups = bytesUnder(repo.resolve("backup"));
            System.out.printf("repositories after %d backups: hokan %,d bytes, pgbackrest %,d bytes (%,d without its WAL"
                    + " archive)%n", runs + 1, hokanRepo, peerRepo, peerBackups);

            Path hokanTarget = home.resolve("restore-hokan");
            long r = System.nanoTime();
            restore(hokan, latest, Map.of("TargetPath", hokanTarget.toString()));
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
            Instant target = pitrTime;
            Path hokanPitr = home.resolve("pitr-hokan");
            long hp = System.nanoTime();
            restore(hokan, continuousPoint, Map.of("TargetPath", hokanPitr.toString(), "RestoreTime", target.toString()));
            double hokanPitrRestore = seconds(hp);
            double hokanPitrStart = start(hokanPitr);
            Path peerPitr = home.resolve("pitr-pgbackrest");
            long pp = System.nanoTime();
            asPostgres("mkdir", "-m", "0700", peerPitr.toString());
            pgbackrest(conf, "restore", "--pg1-path=" + peerPitr, "--type=time", "--target="
                    + PGBACKREST_TIME.format(target) + "+00", "--target-action=promote");
            double peerPitrRestore = seconds(pp);
            double peerPitrStart = start(peerPitr);
            System.out.printf("restore to %s (middle of the last run): hokan %.1f s (+ %.1f s to replay and start),"
                    + " pgbackrest %.1f s (+ %.1f s)%n", target, hokanPitrRestore, hokanPitrStart, peerPitrRestore,
                    peerPitrStart);
            String hokanContent = content(hokanPitr);
            String peerContent = content(peerPitr);
            boolean sameContent = hokanContent.equals(peerContent);
            System.out.printf("content at that moment (history rows, sum of their deltas, newest history row, sum"
                    + " of the balances, markers): hokan %s, pgbackrest %s: %s%n", hokanContent, peerContent,
                    sameContent ? "the same" : "DIFFERENT");
            long continuousBytes = bytesUnder(home.resolve("hokan-data").resolve("vaults").resolve(PITR_VAULT));
            System.out.printf("continuous point: %,d bytes (%d base backups and the WAL since the first)%n",
                    continuousBytes, runs);
            double rpoMean = rpos.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double rpoMax = rpos.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf("RPO under pgbench load (%d commits): mean %.1f s, max %.1f s%n", rpos.size(), rpoMean,
                    rpoMax);
            double hokanIncr = backups.stream().skip(1).mapToDouble(b -> b[0]).average().orElse(0);
            double peerIncr = backups.stream().skip(1).mapToDouble(b -> b[1]).average().orElse(0);
            System.out.printf("{\"scale\": %d, \"run_minutes\": %.2f, \"runs\": %d, \"full_s\": [%.2f, %.2f], "
                    + "\"incr_mean_s\": [%.2f, %.2f], \"repo_bytes\": [%d, %d], \"pgbackrest_repo_without_wal_bytes\": %d, "
                    + "\"restore_s\": [%.2f, %.2f], \"start_s\": [%.2f, %.2f], \"pitr_restore_s\": [%.2f, %.2f], "
                    + "\"pitr_start_s\": [%.2f, %.2f], \"hokan_rpo_s\": {\"mean\": %.2f, \"max\": %.2f, \"n\": %d}, "
                    + "\"hokan_continuous_bytes\": %d, \"pitr_same_content\": %b, "
                    + "\"order\": [\"hokan\", \"pgbackrest\"]}%n",
                    scale, minutes, runs, backups.getFirst()[0], backups.getFirst()[1], hokanIncr, peerIncr, hokanRepo,
                    peerRepo, peerBackups, hokanRestore, peerRestore, hokanStart, peerStart, hokanPitrRestore,
                    peerPitrRestore, hokanPitrStart, peerPitrStart, rpoMean, rpoMax, rpos.size(), continuousBytes,
                    sameContent);
        } finally {
            PostgresCluster.remove(home);
        }
    }

    private static void restore(TestServer hokan, String point, Map<String, String> metadata)
            throws InterruptedException {
        String restoreId = hokan.backup.startRestoreJob(q -> q.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(metadata)).restoreJobId();
        RestoreJobStatus status;
        while ((status = hokan.backup.describeRestoreJob(q -> q.restoreJobId(restoreId)).status())
                == RestoreJobStatus.PENDING || status == RestoreJobStatus.RUNNING) {
            Thread.sleep(100);
        }
        if (status != RestoreJobStatus.COMPLETED) {
            throw new IllegalStateException("restore " + status + ": "
                    + hokan.backup.describeRestoreJob(q -> q.restoreJobId(restoreId)).statusMessage());
        }
    }

    /** A plan whose continuous rule protects the database; returns its continuous point after the first base backup. */
    private static String continuousPlan(TestServer hokan) throws InterruptedException {
        String planId = hokan.backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("continuous").rules(
                BackupRuleInput.builder().ruleName("continuous").targetBackupVaultName(PITR_VAULT)
                        .scheduleExpression("cron(0 5 ? * * *)").startWindowMinutes(60L).enableContinuousBackup(true)
                        .lifecycle(l -> l.deleteAfterDays(35L)).build()))).backupPlanId();
        hokan.backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("bench")
                .iamRoleArn(TestServer.ROLE).resources(RESOURCE)));
        return continuousBase(hokan, 0);
    }

    /** Fires the continuous rule of {@code night} (a base backup into the continuous point) and waits for it. */
    private static String continuousBase(TestServer hokan, int night) throws InterruptedException {
        Instant fired = FIRST_NIGHT.plus(Duration.ofDays(night)).plus(Duration.ofHours(1));
        hokan.setClock(fired.plus(Duration.ofHours(1)));
        while (true) {
            var job = hokan.backup.listBackupJobs(r -> r.byResourceArn(RESOURCE)).backupJobs().stream()
                    .filter(j -> fired.equals(j.creationDate())).findFirst();
            if (job.isPresent() && job.get().state() == BackupJobState.COMPLETED) {
                return job.get().recoveryPointArn();
            }
            if (job.isPresent() && BackupRestoreTest.FINAL.contains(job.get().state())) {
                throw new IllegalStateException("continuous backup " + job.get().state() + ": "
                        + job.get().statusMessage());
            }
            Thread.sleep(200);
        }
    }

    /** While {@code load} runs, commits a marker every 2 s and records how long until Hokan can restore it. */
    private static void measureRpo(TestServer hokan, PostgresCluster cluster, String point, Process load,
                                   List<Double> rpos) throws IOException, InterruptedException {
        for (int n = 0; load.isAlive(); n++) {
            cluster.sql("insert into bench_markers values (" + n + ")");
            Instant committed = Instant.now();
            while (latest(hokan, point).isBefore(committed)) {
                Thread.sleep(100);
            }
            rpos.add(Duration.between(committed, Instant.now()).toMillis() / 1000.0);
            Thread.sleep(2000);
        }
    }

    private static Instant latest(TestServer hokan, String point) {
        String latest = hokan.backup.getRecoveryPointRestoreMetadata(r -> r.backupVaultName(PITR_VAULT)
                .recoveryPointArn(point)).restoreMetadata().get("LatestRestorableTime");
        return latest == null ? Instant.EPOCH : Instant.parse(latest);
    }

    private static String backup(TestServer hokan) throws InterruptedException {
        String id = hokan.backup.startBackupJob(r -> r.backupVaultName("bench")
                .resourceArn(RESOURCE).iamRoleArn(TestServer.ROLE))
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

    /** What the transactions committed up to a restored cluster's moment add up to, for comparing two restores. */
    private static String content(Path data) throws IOException, InterruptedException {
        try (PostgresCluster restored = PostgresCluster.restored(data)) {
            return restored.sql("select (select count(*) || '/' || coalesce(sum(delta), 0) || '/'"
                    + " || coalesce(max(mtime)::text, '-') from pgbench_history) || '/'"
                    + " || (select sum(abalance) from pgbench_accounts) || '/'"
                    + " || (select count(*) from bench_markers)");
        }
    }

    /** Seconds until the restored cluster has left recovery (it then takes writes), then stops it. */
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
