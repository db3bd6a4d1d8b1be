package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import java.util.Optional;

/** Where copy jobs of a cell may write: any vault of the deployment, or of another site, that the rules allow. */
public interface CopyDestinations {
    /**
     * The destination of a copy job, once every rule that governs copies out of the source account allowed it.
     *
     * @throws ServiceException naming the rule that refused; the job ends FAILED with its message
     */
    CopyTarget open(Account source, CopyJob job, RecoveryPoint point);

    /**
     * What the vault of that ARN is, as far as its site says (this deployment, or a remote site asked now): empty
     * for a vault that is gone, a region neither served nor remote, or a remote site that does not answer.
     */
    Optional<DestinationVault> describe(String vaultArn);
}
