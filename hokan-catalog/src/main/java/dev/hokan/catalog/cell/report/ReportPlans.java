package dev.hokan.catalog.cell.report;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class ReportPlans {
    private final CellTx tx;

    public ReportPlans(CellTx tx) {
        this.tx = tx;
    }

    public void insert(ReportPlan p) {
        tx.sql().update("INSERT INTO report_plans (name, arn, description, setting, delivery_channel, creation_millis,"
                        + " last_attempted_millis, last_successful_millis, daily_until_millis)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p.name(), p.arn(), p.description(),
                CatalogJson.write(p.setting()), CatalogJson.write(p.deliveryChannel()), p.creationTime(),
                p.lastAttemptedExecutionTime(), p.lastSuccessfulExecutionTime(), p.dailyUntil());
    }

    /** Replaces what UpdateReportPlan may change: the description, the setting and the delivery channel. */
    public void update(ReportPlan p) {
        tx.sql().update("UPDATE report_plans SET description = ?, setting = ?, delivery_channel = ? WHERE name = ?",
                p.description(), CatalogJson.write(p.setting()), CatalogJson.write(p.deliveryChannel()), p.name());
    }

    public Optional<ReportPlan> find(String name) {
        return tx.sql().one("SELECT * FROM report_plans WHERE name = ?", ReportPlans::map, name);
    }

    public List<ReportPlan> all() {
        return tx.sql().list("SELECT * FROM report_plans ORDER BY name", ReportPlans::map);
    }

    public long count() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM report_plans");
    }

    public Page<ReportPlan> list(PageRequest page) {
        return tx.sql().page("report_plans", "name", Filter.all(), page, ReportPlans::map);
    }

    public void delete(String name) {
        tx.sql().update("DELETE FROM report_plans WHERE name = ?", name);
    }

    /** The plan's daily runs are handled up to {@code until}. */
    public void dailyUntil(String name, Instant until) {
        tx.sql().update("UPDATE report_plans SET daily_until_millis = ? WHERE name = ?", until, name);
    }

    /** One of the plan's report jobs, created at {@code created}, ended; it completed if {@code succeeded}. */
    public void executed(String name, Instant created, boolean succeeded) {
        tx.sql().update("UPDATE report_plans SET last_attempted_millis = ?,"
                + " last_successful_millis = COALESCE(?, last_successful_millis) WHERE name = ?", created,
                succeeded ? created : null, name);
    }

    private static ReportPlan map(Row r) {
        return new ReportPlan(r.string("name"), r.string("arn"), r.string("description"),
                CatalogJson.read(r.string("setting"), ReportSetting.class),
                CatalogJson.read(r.string("delivery_channel"), ReportDeliveryChannel.class),
                r.instant("creation_millis"), r.instant("last_attempted_millis"), r.instant("last_successful_millis"),
                r.instant("daily_until_millis"));
    }
}
