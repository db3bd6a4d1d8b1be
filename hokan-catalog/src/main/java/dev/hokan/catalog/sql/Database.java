package dev.hokan.catalog.sql;

import dev.hokan.catalog.CatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A SQLite database whose work runs in transactions of type {@code T}. Every change runs in one transaction
 * through {@link #write}; reads run on a small pool of read connections through {@link #read}. SQLite allows one
 * writer at a time, so writes are serialised here rather than by retrying on SQLITE_BUSY.
 */
public final class Database<T> implements AutoCloseable {
    private static final int READERS = 8;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> all = new ArrayList<>();

    private final Function<Sql, T> transactions;

    /** Brings a database's tables to the latest version. */
    public interface Schema {
        void migrate(Connection c) throws SQLException;
    }

    private Database(String url, Schema schema, Function<Sql, T> transactions) throws SQLException {
        this.transactions = transactions;
        writer = connect(url);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
        }
        writer.setAutoCommit(false);
        schema.migrate(writer);
        readers = new ArrayBlockingQueue<>(READERS);
        for (int i = 0; i < READERS; i++) {
            Connection reader = connect(url);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA query_only=ON");
            }
            readers.add(reader);
        }
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
            return new Database<>("jdbc:sqlite:" + file.toAbsolutePath(), schema, transactions);
        } catch (SQLException | IOException e) {
            throw new CatalogException("Cannot open the catalog " + file + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA synchronous=NORMAL");
        }
        all.add(c);
        return c;
    }

    /** Runs {@code work} in one transaction: everything it changed is committed together, or nothing is. */
    public <R> R write(Function<T, R> work) {
        writeLock.lock();
        try {
            Sql sql = new Sql(writer);
            R result;
            try {
                result = work.apply(transactions.apply(sql));
                writer.commit();
            } catch (RuntimeException | Error e) {
                rollback(e);
                throw e;
            } catch (SQLException e) {
                rollback(e);
                throw new CatalogException("Catalog commit failed: " + e.getMessage(), e);
            }
            sql.committed();
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback(Throwable cause) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Runs {@code work} on a read connection; it sees the last committed state. */
    public <R> R read(Function<T, R> work) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("Interrupted while waiting for a catalog connection", e);
        }
        try {
            return work.apply(transactions.apply(new Sql(c)));
        } finally {
            readers.add(c);
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing; nothing left to protect
                }
            }
        } finally {
            writeLock.unlock();
        }
    }
}
