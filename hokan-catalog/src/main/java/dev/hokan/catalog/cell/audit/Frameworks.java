package dev.hokan.catalog.cell.audit;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class Frameworks {
    private final CellTx tx;

    public Frameworks(CellTx tx) {
        this.tx = tx;
    }

    public void insert(Framework f) {
        tx.sql().update("INSERT INTO frameworks (name, arn, creation_millis, idempotency_token, deployment_status,"
                        + " last_update_millis, evaluated_millis, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", f.name(),
                f.arn(), f.creationTime(), f.idempotencyToken(), f.deploymentStatus().name(), f.lastUpdateTime(), f.evaluatedAt(),
                CatalogJson.write(f.document()));
    }

    public void update(Framework f) {
        tx.sql().update("UPDATE frameworks SET deployment_status = ?, last_update_millis = ?, evaluated_millis = ?,"
                        + " document = ? WHERE name = ?", f.deploymentStatus().name(), f.lastUpdateTime(),
                f.evaluatedAt(), CatalogJson.write(f.document()), f.name());
    }

    public Optional<Framework> find(String name) {
        return tx.sql().one("SELECT * FROM frameworks WHERE name = ?", Frameworks::map, name);
    }

    public List<Framework> all() {
        return tx.sql().list("SELECT * FROM frameworks ORDER BY name", Frameworks::map);
    }

    public long count() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM frameworks");
    }

    public Page<Framework> list(PageRequest page) {
        return tx.sql().page("frameworks", "name", Filter.all(), page, Frameworks::map);
    }

    /** Deletes the framework and its evaluations. */
    public void delete(String name) {
        tx.sql().update("DELETE FROM control_evaluations WHERE framework_name = ?", name);
        tx.sql().update("DELETE FROM frameworks WHERE name = ?", name);
    }

    /** Replaces the framework's evaluations by {@code latest}. */
    public void evaluated(String name, List<ControlEvaluation> latest) {
        tx.sql().update("DELETE FROM control_evaluations WHERE framework_name = ?", name);
        for (ControlEvaluation e : latest) {
            tx.sql().update("INSERT INTO control_evaluations (framework_name, control_name, resource_id, resource_type,"
                            + " status, reason, evaluated_millis) VALUES (?, ?, ?, ?, ?, ?, ?)", name, e.controlName(),
                    e.resourceId(), e.resourceType(), e.status().name(), e.reason(), e.evaluatedAt());
        }
    }

    /** The framework's latest evaluations, by control and resource. */
    public List<ControlEvaluation> evaluations(String name) {
        return tx.sql().list("SELECT * FROM control_evaluations WHERE framework_name = ? ORDER BY control_name,"
                + " resource_id", Frameworks::mapEvaluation, name);
    }

    private static Framework map(Row r) {
        return new Framework(r.string("name"), r.string("arn"), r.instant("creation_millis"),
                r.string("idempotency_token"), DeploymentStatus.valueOf(r.string("deployment_status")), r.instant("last_update_millis"),
                r.instant("evaluated_millis"), CatalogJson.read(r.string("document"), FrameworkDocument.class));
    }

    private static ControlEvaluation mapEvaluation(Row r) {
        return new ControlEvaluation(r.string("framework_name"), r.string("control_name"), r.string("resource_id"),
                r.string("resource_type"), ComplianceStatus.valueOf(r.string("status")), r.string("reason"),
                r.instant("evaluated_millis"));
    }
}
