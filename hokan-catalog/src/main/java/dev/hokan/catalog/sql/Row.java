package dev.hokan.catalog.sql;

import dev.hokan.catalog.CatalogException;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** One result row, read by column name; SQL NULL comes back as Java null. */
public final class Row {
    private final ResultSet rs;

    Row(ResultSet rs) {
        this.rs = rs;
    }

    public String string(String column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new CatalogException("Cannot read column " + column, e);
        }
    }

    public Long longOrNull(String column) {
        try {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            throw new CatalogException("Cannot read column " + column, e);
        }
    }

    public long longValue(String column) {
        Long v = longOrNull(column);
        return v == null ? 0 : v;
    }

    public double doubleValue(String column) {
        try {
            return rs.getDouble(column);
        } catch (SQLException e) {
            throw new CatalogException("Cannot read column " + column, e);
        }
    }

    public Boolean booleanOrNull(String column) {
        Long v = longOrNull(column);
        return v == null ? null : v != 0;
    }

    /** A lifecycle kept in the columns cold_after_days, delete_after_days and opt_in_to_archive. */
    public Lifecycle lifecycle() {
        return new Lifecycle(longOrNull("cold_after_days"), longOrNull("delete_after_days"),
                booleanOrNull("opt_in_to_archive"));
    }

    /** The plan rule kept in backup_plan_id, backup_plan_version and backup_rule_id; null when there is none. */
    public RecoveryPointCreator creator() {
        String planId = string("backup_plan_id");
        return planId == null ? null
                : new RecoveryPointCreator(planId, string("backup_plan_version"), string("backup_rule_id"));
    }

    public Duration duration(String millisColumn) {
        return Duration.ofMillis(longValue(millisColumn));
    }

    public Instant instant(String column) {
        Long millis = longOrNull(column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
