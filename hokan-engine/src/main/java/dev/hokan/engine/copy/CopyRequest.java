package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.store.copy.CopyDestination;
import dev.hokan.store.copy.CopyResult;
import java.io.IOException;

/**
 * What a copy job hands its {@link CopyTarget}: the recovery point to copy, the ID, lifecycle, role and creator
 * its copy gets, and the source's data.
 *
 * @param copyRecoveryPointId the ID the copy is recorded under, the same for every run of the job
 * @param sourceVaultArn the vault the point is copied from, which the copy keeps as its SourceBackupVaultArn
 * @param lifecycle the copy's own lifecycle, counted from the copy's creation
 * @param createdBy the plan rule that made the copy, null for an on-demand copy
 */
public record CopyRequest(String copyJobId, String copyRecoveryPointId, String sourceVaultArn, RecoveryPoint source,
                          Lifecycle lifecycle, String iamRoleArn, RecoveryPointCreator createdBy, SourceData data) {

    /** The source point's data, read from whichever tier holds it. */
    public interface SourceData {
        /** The source store vault's ID, by which a destination remembers what it already received from it. */
        String vaultId() throws IOException, InterruptedException;

        /** Sends the data to a destination, transferring only what it lacks. */
        CopyResult sendTo(CopyDestination destination) throws IOException, InterruptedException;
    }
}
