package dev.hokan.catalog.sql;

import dev.hokan.catalog.Cursor;
import java.util.ArrayList;
import java.util.List;

/** An immutable conjunction of WHERE clauses; criteria given as null are left out. */
public final class Filter {
    private final List<String> clauses;
    private final List<Object> args;

    private Filter(List<String> clauses, List<Object> args) {
        this.clauses = clauses;
        this.args = args;
    }

    public static Filter all() {
        return new Filter(List.of(), List.of());
    }

    public Filter eq(String column, Object value) {
        return value == null ? this : with(column + " = ?", value);
    }

    /** {@code column} is among the values {@code select} returns, a one-column SELECT with its own arguments. */
    public Filter in(String column, String select, Object... values) {
        return with(column + " IN (" + select + ")", values);
    }

    public Filter isNull(String column) {
        return with(column + " IS NULL");
    }

    public Filter before(String column, Object value) {
        return value == null ? this : with(column + " < ?", value);
    }

    public Filter after(String column, Object value) {
        return value == null ? this : with(column + " > ?", value);
    }

    public Filter after(String idColumn, Cursor cursor) {
        // a row-value comparison (standard SQL) lets the (…, creation_millis, id) index seek straight to the page
        return with("(creation_millis, " + idColumn + ") > (?, ?)", cursor.creationMillis(), cursor.id());
    }

    private Filter with(String clause, Object... values) {
        List<String> c = new ArrayList<>(clauses);
        c.add(clause);
        List<Object> a = new ArrayList<>(args);
        a.addAll(List.of(values));
        return new Filter(c, a);
    }

    public String where() {
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    public List<Object> args() {
        return args;
    }
}
