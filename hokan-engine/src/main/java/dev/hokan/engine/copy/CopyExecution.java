package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.job.BackupExecution;
import dev.hokan.engine.job.LeaseLostException;
import dev.hokan.engine.job.RunningJob;
import dev.hokan.engine.vault.StoredSnapshot;
import dev.hokan.engine.vault.VaultStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one copy job: hand the recovery point, read from the tier it is in, to the destination vault, then record the
 * outcome. A copy interrupted by a stop is left RUNNING, to start again from the beginning at the next start or on
 * the node that takes it over.
 */
public final class CopyExecution {
    private static final Logger LOG = Logger.getLogger(CopyExecution.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final CopyDestinations destinations;

    public CopyExecution(CellContext cell, VaultStorage storage,
                  CopyDestinations destinations) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.storage = storage;
        this.destinations = destinations;
    }

    void run(CopyJob job, RunningJob handle) {
        try {
            if (!handle.begin()) {
                throw new InterruptedException();
            }
            RecoveryPoint source = catalog.read(tx -> tx.recoveryPoints().find(job.sourceRecoveryPointId()))
                    .orElse(null);
            String refused = sourceProblem(job, source);
            if (refused != null) {
                fail(job, handle, refused);
                return;
            }
            CopyReceipt receipt = destinations.open(account, job, source).receive(new CopyRequest(job.jobId(),
                    job.destinationRecoveryPointId(), account.vaultArn(job.sourceVaultName()), source,
                    job.lifecycle(), job.iamRoleArn(), job.createdBy(), new StoredSnapshot(storage, source)));
            complete(job, handle, source, receipt);
        } catch (InterruptedException e) {
            interrupted(job);
        } catch (ServiceException e) {
            fail(job, handle, e.getMessage());
        } catch (IOException e) {
            if (handle.abandoned()) {
                interrupted(job);
            } else {
                fail(job, handle, "Copy of recovery point " + sourceArn(job) + " failed: " + BackupExecution.reason(e));
            }
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that cannot load, memory run out): past this method nothing ends the
            // job, which stays RUNNING
            if (handle.abandoned()) {
                interrupted(job);
            } else {
                LOG.log(Level.SEVERE, "Copy job " + job.jobId() + " failed", e);
                fail(job, handle, "Copy failed: " + e);
            }
        }
    }

    /** Why the point cannot be copied, or null when it can. */
    private String sourceProblem(CopyJob job, RecoveryPoint source) {
        String arn = sourceArn(job);
        if (source == null) {
            return "Recovery point " + arn + " was deleted before the copy ran";
        }
        return switch (source.status()) {
            case COMPLETED, PARTIAL, STOPPED -> null;
            case DELETING -> "Recovery point " + arn + " is being deleted and cannot be copied";
            case EXPIRED -> "Recovery point " + arn + " has expired and cannot be copied";
        };
    }

    private void complete(CopyJob job, RunningJob handle, RecoveryPoint source, CopyReceipt receipt) {
        String transferred = "Transferred " + receipt.bytesTransferred()
                + " bytes of data the destination vault did not hold yet"
                + (source.storageClass() == StorageClass.COLD ? ", read from cold storage" : "");
        boolean partial = source.status() == RecoveryPointStatus.PARTIAL;
        String message = partial ? "The recovery point is partial, and so is its copy: " + source.statusMessage()
                + ". " + transferred : transferred;
        Instant now = clock.now();
        handle.commitEnd(tx -> {
            EventLog.saveJob(tx, now, job.finished(partial ? CopyJobState.PARTIAL : CopyJobState.COMPLETED, message,
                    now, receipt.recoveryPointArn(), receipt.bytesTransferred()));
            return null;
        });
    }

    private void fail(CopyJob job, RunningJob handle, String message) {
        Instant now = clock.now();
        handle.commitEnd(tx -> {
            EventLog.saveJob(tx, now, job.finished(CopyJobState.FAILED, message, now, null, 0));
            return null;
        });
    }

    private void interrupted(CopyJob job) {
        LOG.info("Copy job " + job.jobId() + " interrupted by shutdown or the loss of its lease; it starts again at the"
                + " next start or on the node that takes it over");
    }

    private String sourceArn(CopyJob job) {
        return account.recoveryPointArn(job.sourceRecoveryPointId());
    }
}
