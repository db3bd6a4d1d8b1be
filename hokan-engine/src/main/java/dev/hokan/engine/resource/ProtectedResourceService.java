package dev.hokan.engine.resource;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.vault.VaultService;
import java.util.List;

/** Resources count as protected while they have at least one recovery point. */
public final class ProtectedResourceService {
    private final CellCatalog catalog;

    public ProtectedResourceService(CellCatalog catalog) {
        this.catalog = catalog;
    }

    public Page<ProtectedResource> list(PageRequest page) {
        return page(catalog.read(tx -> tx.recoveryPoints().latestPerResource(null)), page);
    }

    public Page<ProtectedResource> byVault(String vaultName, PageRequest page) {
        Names.vault(vaultName);
        return page(catalog.read(tx -> {
            VaultService.find(tx, vaultName);
            return tx.recoveryPoints().latestPerResource(vaultName);
        }), page);
    }

    public ProtectedResource describe(String resourceArn) {
        if (Arn.parse(resourceArn).isEmpty()) {
            throw ServiceException.invalidParameter("ResourceArn " + resourceArn + " is not an ARN");
        }
        return catalog.read(tx -> {
            RecoveryPoint latest = tx.recoveryPoints().latestOf(resourceArn).orElseThrow(() ->
                    ServiceException.notFound("Resource " + resourceArn + " is not protected: it has no recovery points"));
            return new ProtectedResource(latest, tx.restoreJobs().latestFor(resourceArn).orElse(null));
        });
    }

    private static Page<ProtectedResource> page(List<RecoveryPoint> latest, PageRequest page) {
        Page<RecoveryPoint> slice = Page.slice(latest, page, RecoveryPoint::resourceArn);
        return new Page<>(slice.items().stream().map(p -> new ProtectedResource(p, null)).toList(), slice.next());
    }
}
