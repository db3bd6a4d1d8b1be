package dev.hokan.api;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.backup.model.BackupJobState;

/**
 * What claiming adds to a job's start (issue 15 benchmark): on one node, on SQLite and on PostgreSQL, the time from
 * sending StartBackupJob to the first DescribeBackupJob that finds the job no longer CREATED, one job at a time
 * with a worker and the job's resource free, so the job is claimed (made RUNNING with its claim, in one transaction) at once. The
 * StartBackupJob call itself is timed apart: the server tries to hand the new job to a worker before it answers.
 *
 * <p>Run: {@code java -cp <hokan-api test classpath> dev.hokan.api.JobStartBench [jobs]}
 */
public final class JobStartBench {
    private static final int WARM_UP = 10;
    private static final int RESOURCES = 4;
    private static final String VAULT = "bench";

    private JobStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        measure("sqlite", CatalogLocation.EMBEDDED, jobs);
        measure("postgresql", CatalogBackend.freshDatabase(), jobs);
    }

    private static void measure(String name, CatalogLocation catalog, int jobs) throws Exception {
        Path dir = Files.createTempDirectory("hokan-job-start");
        try (TestServer hokan = TestServer.start(dir.resolve("data"), catalog)) {
            hokan.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            // jobs take the resources in turn, so that none waits for the previous job of its resource to let go
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < RESOURCES; i++) {
                arns.add(hokan.registerDirectory("source-" + i, Trees.sample(dir.resolve("source-" + i), i), "{}"));
            }
            List<Long> calls = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            for (int i = 0; i < WARM_UP + jobs; i++) {
                String arn = arns.get(i % RESOURCES);
                long sent = System.nanoTime();
                String jobId = hokan.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                        .iamRoleArn(TestServer.ROLE)).backupJobId();
                long answered = System.nanoTime();
                BackupJobState state;
                do {
                    state = hokan.backup.describeBackupJob(r -> r.backupJobId(jobId)).state();
                } while (state == BackupJobState.CREATED);
                long running = System.nanoTime();
                while (!BackupRestoreTest.FINAL.contains(state)) {
                    Thread.sleep(5);
                    state = hokan.backup.describeBackupJob(r -> r.backupJobId(jobId)).state();
                }
                if (i >= WARM_UP) {
                    calls.add(answered - sent);
                    starts.add(running - sent);
                }
            }
            report(name, "StartBackupJob call", calls);
            report(name, "StartBackupJob to RUNNING", starts);
        }
    }

    private static void report(String catalog, String what, List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-10s %-26s jobs %d  median %6.2f ms  p95 %6.2f ms  max %6.2f ms%n", catalog,
                what, sorted.size(), millis(sorted.get(sorted.size() / 2)),
                millis(sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1)), millis(sorted.getLast()));
    }

    private static double millis(long nanos) {
        return nanos / (double) Duration.ofMillis(1).toNanos();
    }
}
