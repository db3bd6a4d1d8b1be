package dev.hokan.catalog;

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
 * The metadata catalog. Every change runs in one transaction through {@link #write}; reads run on a small pool
 * of read connections through {@link #read}. SQLite allows one writer at a time, so writes are serialised here
 * rather than by retrying on SQLITE_BUSY.
 */
public final class Catalog implements AutoCloseable {
    private static final int READERS = 8;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> all = new ArrayList<>();

    private interface Schema {
        void migrate(Connection c) throws SQLException;
    }

    private Catalog(String url, Schema schema) throws SQLException {
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

    /** Opens (creating and migrating when needed) the SQLite catalog of one account in one region. */
    public static Catalog openSqlite(Path file) {
        return open(file, Migrations::applyCatalog);
    }

    /** Opens the deployment's directory of accounts, identities (with their secret access keys) and the organisation. */
    public static Catalog openDirectory(Path file) {
        return open(file, Migrations::applyDirectory);
    }

    /**
     * Both hold metadata, the directory secrets too, so a new file is created readable by its owner only; SQLite
     * gives its journal files the database file's mode.
     */
    private static Catalog open(Path file, Schema schema) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return new Catalog("jdbc:sqlite:" + file.toAbsolutePath(), schema);
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
    public <T> T write(Function<Tx, T> work) {
        writeLock.lock();
        try {
            Tx tx = new Tx(writer);
            T result;
            try {
                result = work.apply(tx);
                writer.commit();
            } catch (RuntimeException | Error e) {
                rollback(e);
                throw e;
            } catch (SQLException e) {
                rollback(e);
                throw new CatalogException("Catalog commit failed: " + e.getMessage(), e);
            }
            tx.committed();
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
    public <T> T read(Function<Tx, T> work) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("Interrupted while waiting for a catalog connection", e);
        }
        try {
            return work.apply(new Tx(c));
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
