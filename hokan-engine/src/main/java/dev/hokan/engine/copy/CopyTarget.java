package dev.hokan.engine.copy;

import dev.hokan.engine.ServiceException;
import java.io.IOException;

/**
 * A vault that receives copies of recovery points. {@link CopyTargets} finds the target a destination vault ARN
 * names; a vault of this engine is a {@link VaultCopyTarget}.
 */
public interface CopyTarget {
    /**
     * Checks that the vault takes the copy, copies the data and records the copy as a recovery point with the ID
     * the request gives, or, when an earlier run of the same copy job already recorded it, returns that point.
     *
     * @throws ServiceException when the vault refuses the copy; its message says why and ends the job FAILED
     */
    CopyReceipt receive(CopyRequest request) throws IOException, InterruptedException;
}
