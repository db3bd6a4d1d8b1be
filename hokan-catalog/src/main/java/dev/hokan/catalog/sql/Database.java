package dev.hokan.catalog.sql;

import dev.hokan.catalog.CatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A catalog database whose work runs in transactions of type {@code T}: a SQLite file or a schema of a PostgreSQL
 * database. Every change runs in one transaction through {@link #write}; reads run on read connections through
 * {@link #read}. On SQLite, writes queue for its one writer. On PostgreSQL, several nodes write at once in
 * serializable transactions: one that loses a race to another is rolled back and run again, so {@code work} must
 * do nothing but through its transaction (and {@link Sql#afterCommit}) that it could not do twice.
 */
public final class Database<T> implements AutoCloseable {
    private static final int ATTEMPTS = 30;

    private final Connections connections;
    private final Function<Sql, T> transactions;

    /** Brings a database's tables to the latest version. */
    public interface Schema {
        void migrate(Connection c, Dialect dialect) throws SQLException;
    }

    private Database(Connections connections, Function<Sql, T> transactions) {
        this.connections = connections;
        this.transactions = transactions;
    }

    /**
     * Opens (creating and migrating when needed) the database in {@code file}, whose transactions
     * {@code transactions} makes. Both catalogs hold metadata, the identity catalog secrets too, so a new file is
     * created readable by its owner only; SQLite gives its journal files the database file's mode.
     */
    public static <T> Database<T> open(Path file, Schema schema, Function<Sql, T> transactions) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return new Database<>(new SqliteConnections("jdbc:sqlite:" + file.toAbsolutePath(), schema), transactions);
        } catch (SQLException | IOException e) {
            throw new CatalogException("Cannot open the catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens (creating and migrating when needed) the database in {@code schema} of the PostgreSQL database of {@code pool}. */
    public static <T> Database<T> open(PostgresPool pool, String schema, Schema migrations, Function<Sql, T> transactions) {
        try {
            return new Database<>(new PostgresConnections(pool, schema, migrations), transactions);
        } catch (SQLException e) {
            throw new CatalogException("Cannot open the catalog in schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: everything it changed is committed together, or nothing is. Like every
     * catalog call, it runs to its end in a thread being interrupted (a job being stopped must still record how it
     * ended); the interrupt is kept for the caller.
     */
    public <R> R write(Function<T, R> work) {
        boolean interrupted = Thread.interrupted();
        try {
            return transaction(work);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <R> R transaction(Function<T, R> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = take(true);
            boolean usable = true;
            try {
                Sql sql = new Sql(c);
                R result;
                try {
                    result = work.apply(transactions.apply(sql));
                    c.commit();
                } catch (RuntimeException | Error e) {
                    usable = rollback(c, e);
                    if (runsAgain(e, attempt)) {
                        continue;
                    }
                    throw e;
                } catch (SQLException e) {
                    usable = rollback(c, e);
                    if (runsAgain(e, attempt)) {
                        continue;
                    }
                    throw new CatalogException("Catalog commit failed: " + e.getMessage(), e);
                }
                sql.committed();
                return result;
            } finally {
                connections.release(c, usable);
            }
        }
    }

    private boolean runsAgain(Throwable failure, int attempt) {
        if (attempt >= ATTEMPTS || !connections.dialect().retryable(failure)) {
            return false;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            // kept for the caller once the transaction has run
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Rolls back; whether the connection is still usable. */
    private static boolean rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /** Runs {@code work} on a read connection; it sees the last committed state. Interrupts wait as for {@link #write}. */
    public <R> R read(Function<T, R> work) {
        boolean interrupted = Thread.interrupted();
        try {
            return readOnly(work);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <R> R readOnly(Function<T, R> work) {
        Connection c = take(false);
        boolean usable = false;
        try {
            R result = work.apply(transactions.apply(new Sql(c)));
            usable = true;
            return result;
        } finally {
            if (!usable) {
                usable = valid(c);
            }
            connections.releaseReader(c, usable);
        }
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection take(boolean writer) {
        try {
            return writer ? connections.writer() : connections.reader();
        } catch (SQLException e) {
            throw new CatalogException("No catalog connection: " + e.getMessage(), e);
        }
    }

    /**
     * Copies every row of this database into {@code target}, a database of the same schema version that holds no
     * rows yet, in one transaction of the target, tables in the order they were created (a referenced table before
     * those referring to it); returns how many rows it copied.
     */
    public long copyInto(Database<?> target) {
        Connection from = take(false);
        Connection to = target.take(true);
        boolean usable = false;
        try {
            long rows = 0;
            for (String table : tables(from)) {
                if (!table.equals(Migrations.VERSION_TABLE)) {
                    rows += copyTable(table, from, to);
                    if (target.connections.dialect() == Dialect.POSTGRESQL) {
                        analyze(table, to);
                    }
                }
            }
            to.commit();
            usable = true;
            return rows;
        } catch (SQLException e) {
            usable = rollback(to, e);
            throw new CatalogException("Copying the catalog failed: " + e.getMessage(), e);
        } finally {
            target.connections.release(to, usable);
            connections.releaseReader(from, true);
        }
    }

    private List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(connections.dialect().tablesInCreationOrder())) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /**
     * Gathers PostgreSQL's planner statistics of a table just filled: until autovacuum comes round to it, cached
     * generic plans are made for an empty table and scan the whole of it for every page of a list. (A SQLite copy is
     * left as a live SQLite catalog is, without statistics.)
     */
    private static void analyze(String table, Connection to) throws SQLException {
        try (Statement s = to.createStatement()) {
            s.execute("ANALYZE " + table);
        }
    }

    private static long copyTable(String table, Connection from, Connection to) throws SQLException {
        long rows = 0;
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            try (PreparedStatement ps = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        ps.setObject(i, rs.getObject(i));
                    }
                    ps.addBatch();
                    if (++rows % 500 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        return rows;
    }

    @Override
    public void close() {
        connections.close();
    }
}
