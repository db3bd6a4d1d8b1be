package dev.hokan.catalog.sql;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What differs between the two databases a catalog runs on, kept here so that the tables' SQL and the migration
 * scripts are one text for both. A migration statement that only one database understands is marked with a first
 * line {@code -- only sqlite} or {@code -- only postgresql}, next to its variant for the other.
 */
public enum Dialect {
    SQLITE,
    POSTGRESQL;

    private static final Pattern BOUNDED_TEXT = Pattern.compile("\\bVARCHAR\\(\\d+\\)|\\bTEXT\\b");
    private static final String ONLY = "-- only ";
    /** serialization_failure and deadlock_detected: the transaction changed nothing and may run again. */
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";

    /** The marker's name: {@code sqlite} or {@code postgresql}. */
    String marker() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The migration statement as this database runs it, or null when it is another database's variant. SQLite
     * stores text of any length and compares it byte by byte; so that PostgreSQL refuses nothing SQLite took and
     * orders lists alike, its text columns are unbounded and use the "C" collation.
     */
    String migrationStatement(String statement) {
        String s = statement.strip();
        if (s.startsWith(ONLY)) {
            int end = s.indexOf('\n');
            if (!s.substring(ONLY.length(), end).strip().equals(marker())) {
                return null;
            }
            s = s.substring(end + 1);
        }
        return this == POSTGRESQL ? BOUNDED_TEXT.matcher(s).replaceAll("TEXT COLLATE \"C\"") : s;
    }

    /** A query of the names of this database's tables (schema_version among them), in the order they were created. */
    String tablesInCreationOrder() {
        return switch (this) {
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                    + " ORDER BY rowid";
            case POSTGRESQL -> "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.oid";
        };
    }

    /** Whether the transaction that failed with {@code failure} lost a race and may simply run again. */
    boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && (SERIALIZATION_FAILURE.equals(e.getSQLState())
                    || DEADLOCK.equals(e.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
