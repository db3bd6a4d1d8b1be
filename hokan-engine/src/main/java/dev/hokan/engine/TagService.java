package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags of vaults, plans, recovery points, legal holds, restore testing plans, frameworks and report plans (the taggable kinds), by
 * ARN.
 */
public final class TagService {
    private final CellCatalog catalog;
    private final Account account;

    TagService(CellCatalog catalog, Account account) {
        this.catalog = catalog;
        this.account = account;
    }

    public Map<String, String> list(String arn) {
        return catalog.read(tx -> {
            requireTaggable(tx, arn);
            return tx.tags().of(arn);
        });
    }

    /**
     * The tags stored under an ARN, none when nothing is (another account's resource, one that does not exist):
     * what policies see as {@code aws:ResourceTag/KEY} when a call on that resource is authorised.
     */
    public Map<String, String> stored(String arn) {
        return catalog.read(tx -> tx.tags().of(arn));
    }

    public void tag(String arn, Map<String, String> tags) {
        if (tags == null) {
            throw ServiceException.missingParameter("Tags");
        }
        Names.tags("Tags", tags);
        catalog.write(tx -> {
            requireTaggable(tx, arn);
            Map<String, String> merged = new HashMap<>(tx.tags().of(arn));
            merged.putAll(tags);
            Names.tags("Tags", merged);
            tx.tags().put(arn, tags);
            recordInVault(tx, arn);
            return null;
        });
    }

    public void untag(String arn, List<String> keys) {
        if (keys == null) {
            throw ServiceException.missingParameter("TagKeyList");
        }
        catalog.write(tx -> {
            requireTaggable(tx, arn);
            tx.tags().remove(arn, keys);
            recordInVault(tx, arn);
            return null;
        });
    }

    /** A vault's or recovery point's tags are part of what its vault records of it. */
    private static void recordInVault(CellTx tx, String arnText) {
        Arn arn = Arn.parse(arnText).orElseThrow();
        arn.resourceId("backup-vault").ifPresent(tx.vaultRecordQueue()::vaultChanged);
        arn.resourceId("recovery-point").flatMap(id -> tx.recoveryPoints().find(id))
                .ifPresent(p -> tx.vaultRecordQueue().pointChanged(p.vaultName(), p.recoveryPointId()));
    }

    private void requireTaggable(CellTx tx, String arnText) {
        Arn arn = Arn.parse(arnText).orElseThrow(() -> ServiceException.invalidParameter(
                "ResourceArn " + arnText + " is not an ARN"));
        boolean ours = arn.service().equals("backup") && arn.region().equals(account.region())
                && arn.account().equals(account.accountId());
        var vault = arn.resourceId("backup-vault");
        var plan = arn.resourceId("backup-plan");
        var point = arn.resourceId("recovery-point");
        var hold = arn.resourceId("legal-hold");
        var testingPlan = arn.resourceId("restore-testing-plan");
        var framework = arn.resourceId("framework");
        var reportPlan = arn.resourceId("report-plan");
        if (!ours || (vault.isEmpty() && plan.isEmpty() && point.isEmpty() && hold.isEmpty()
                && testingPlan.isEmpty() && framework.isEmpty() && reportPlan.isEmpty())) {
            throw ServiceException.invalidParameter("ResourceArn " + arnText + " cannot be tagged here: only backup"
                    + " vaults, backup plans, recovery points, legal holds, restore testing plans, frameworks and report"
                    + " plans of "
                    + account.accountId() + " in " + account.region() + " can");
        }
        boolean exists = vault.map(n -> tx.vaults().find(n).isPresent())
                .or(() -> plan.map(id -> tx.plans().find(id).filter(p -> !p.isDeleted()).isPresent()))
                .or(() -> point.map(id -> tx.recoveryPoints().find(id).isPresent()))
                .or(() -> hold.map(id -> tx.legalHolds().find(id).isPresent()))
                // a restore testing plan's ARN is its name (no hyphens), a hyphen and a suffix
                .or(() -> testingPlan.map(id -> tx.restoreTestingPlans().find(id.split("-", 2)[0])
                        .filter(p -> p.arn().equals(arnText)).isPresent()))
                // so is a framework's
                .or(() -> framework.map(id -> tx.frameworks().find(id.split("-", 2)[0])
                        .filter(f -> f.arn().equals(arnText)).isPresent()))
                .or(() -> reportPlan.map(id -> tx.reportPlans().find(id.split("-", 2)[0])
                        .filter(p -> p.arn().equals(arnText)).isPresent()))
                .orElse(false);
        if (!exists) {
            throw ServiceException.notFound("Resource " + arnText + " does not exist");
        }
    }
}
