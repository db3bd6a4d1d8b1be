package dev.hokan.engine.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointFilter;
import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import java.util.Optional;

/** The recovery points of other accounts that the restore access vaults of an account let it read and restore. */
public interface SharedPoints {
    /**
     * The point {@code recoveryPointArn} names when it is another account's: empty for a point of {@code reader}.
     *
     * @throws ServiceException when no restore access vault of {@code reader} gives access to it
     */
    Optional<SharedPoint> byArn(Account reader, String recoveryPointArn);

    /**
     * The point through the restore access vault, as long as its owner has not revoked the access.
     *
     * @throws ServiceException when the access was revoked or the point is gone
     */
    SharedPoint through(Account reader, String accessVaultName, String recoveryPointId);

    /**
     * The point {@code recoveryPointArn} names, read through the restore access vault, as long as its owner has not
     * revoked the access.
     *
     * @throws ServiceException when the access was revoked or the point is not one of the air-gapped vault's
     */
    SharedPoint describe(Account reader, String accessVaultName, String recoveryPointArn);

    /** The points of the air-gapped vault that the restore access vault gives access to. */
    Page<SharedPoint> list(Account reader, String accessVaultName, RecoveryPointFilter filter, PageRequest page);
}
