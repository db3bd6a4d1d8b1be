package dev.hokan.api;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.JobType;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Restore jobs as a node that stopped in the middle of them leaves them in the catalog of a stopped server. */
final class InterruptedRestores {
    private InterruptedRestores() {
    }

    /**
     * A restore of {@code pointArn} with {@code metadata}, RUNNING under a claim of a node whose lease ended, which
     * recorded {@code filesComplete} files complete (none when 0); its job ID.
     */
    static String leftRunning(Path data, String pointArn, Map<String, String> metadata, long filesComplete) {
        String jobId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        String pointId = pointArn.substring(pointArn.lastIndexOf(':') + 1);
        Instant now = Instant.now();
        try (CellCatalog catalog = TestServer.homeCatalog(data)) {
            catalog.write(tx -> {
                RecoveryPoint p = tx.recoveryPoints().find(pointId).orElseThrow();
                tx.restoreJobs().insert(new RestoreJob(jobId, p.recoveryPointId(), p.vaultName(), p.resourceArn(),
                        p.resourceType(), RestoreJobStatus.RUNNING, null, now, null, 0.0, p.backupSizeInBytes(),
                        TestServer.ROLE, null, metadata, p.creationDate(), null));
                tx.jobClaims().claim(jobId, JobType.RESTORE, "gone-node", now.minusSeconds(60));
                if (filesComplete > 0) {
                    tx.restoreCheckpoints().save(jobId, filesComplete);
                }
                return null;
            });
        }
        return jobId;
    }
}
