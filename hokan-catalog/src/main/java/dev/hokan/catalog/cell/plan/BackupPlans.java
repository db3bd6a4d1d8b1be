package dev.hokan.catalog.cell.plan;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class BackupPlans {
    private final CellTx tx;

    public BackupPlans(CellTx tx) {
        this.tx = tx;
    }

    public void insert(BackupPlan p) {
        tx.sql().update("INSERT INTO backup_plans (plan_id, version_id, creation_millis, deletion_millis, creator_request_id,"
                        + " last_execution_millis) VALUES (?, ?, ?, NULL, ?, NULL)",
                p.planId(), p.versionId(), p.creationDate(), p.creatorRequestId());
        insertVersion(p.planId(), p.versionId(), p.document(), p.creationDate());
    }

    /** Makes {@code document} the plan's current version. */
    public void addVersion(String planId, String versionId, PlanDocument document, Instant at) {
        insertVersion(planId, versionId, document, at);
        tx.sql().update("UPDATE backup_plans SET version_id = ? WHERE plan_id = ?", versionId, planId);
    }

    private void insertVersion(String planId, String versionId, PlanDocument document, Instant at) {
        tx.sql().update("INSERT INTO backup_plan_versions (plan_id, version_id, document, creation_millis, revision)"
                        + " SELECT ?, ?, ?, ?, COALESCE(MAX(revision), 0) + 1 FROM backup_plan_versions WHERE plan_id = ?",
                planId, versionId, CatalogJson.write(document), at, planId);
    }

    /**
     * Every version of the plan, in the order they became current; the revision number keeps that order for versions
     * made in the same millisecond, as on a manual clock that has not moved.
     */
    public List<PlanRevision> revisions(String planId) {
        return tx.sql().list("SELECT version_id, document, creation_millis FROM backup_plan_versions WHERE plan_id = ?"
                        + " ORDER BY revision",
                r -> new PlanRevision(r.string("version_id"), CatalogJson.read(r.string("document"), PlanDocument.class),
                        r.instant("creation_millis")), planId);
    }

    /** Records that the plan ran at {@code at} (its LastExecutionDate). */
    public void recordExecution(String planId, Instant at) {
        tx.sql().update("UPDATE backup_plans SET last_execution_millis = ? WHERE plan_id = ?", at, planId);
    }

    public void markDeleted(String planId, Instant at) {
        tx.sql().update("UPDATE backup_plans SET deletion_millis = ? WHERE plan_id = ?", at, planId);
    }

    public Optional<BackupPlan> find(String planId) {
        return tx.sql().one("SELECT * FROM backup_plans WHERE plan_id = ?", r -> map(r, r.string("version_id")), planId);
    }

    public Optional<BackupPlan> findVersion(String planId, String versionId) {
        return tx.sql().one("SELECT * FROM backup_plans WHERE plan_id = ?", r -> map(r, versionId), planId)
                .filter(p -> p.document() != null);
    }

    public Optional<BackupPlan> findByCreatorRequestId(String creatorRequestId) {
        return tx.sql().one("SELECT * FROM backup_plans WHERE creator_request_id = ? AND deletion_millis IS NULL",
                r -> map(r, r.string("version_id")), creatorRequestId);
    }

    public List<BackupPlan> active() {
        return tx.sql().list("SELECT * FROM backup_plans WHERE deletion_millis IS NULL ORDER BY creation_millis, plan_id",
                r -> map(r, r.string("version_id")));
    }

    public long countActive() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM backup_plans WHERE deletion_millis IS NULL");
    }

    public Page<BackupPlan> list(boolean includeDeleted, PageRequest page) {
        Filter f = includeDeleted ? Filter.all() : Filter.all().isNull("deletion_millis");
        return tx.sql().page("backup_plans", "plan_id", f, page, r -> map(r, r.string("version_id")));
    }

    public Page<PlanVersion> versions(String planId, PageRequest page) {
        return tx.sql().page("backup_plan_versions", "version_id", Filter.all().eq("plan_id", planId), page,
                r -> new PlanVersion(r.string("plan_id"), r.string("version_id"),
                        CatalogJson.read(r.string("document"), PlanDocument.class).backupPlanName(),
                        r.instant("creation_millis")));
    }

    private BackupPlan map(Row r, String versionId) {
        String planId = r.string("plan_id");
        PlanDocument document = tx.sql().one("SELECT document FROM backup_plan_versions WHERE plan_id = ? AND version_id = ?",
                v -> CatalogJson.read(v.string("document"), PlanDocument.class), planId, versionId).orElse(null);
        return new BackupPlan(planId, versionId, document, r.instant("creation_millis"), r.instant("deletion_millis"),
                r.string("creator_request_id"), r.instant("last_execution_millis"));
    }
}
