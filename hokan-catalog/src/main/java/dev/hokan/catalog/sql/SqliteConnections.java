package dev.hokan.catalog.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of one SQLite file: SQLite allows one writer at a time, so writes queue here for the one writing
 * connection rather than retrying on SQLITE_BUSY; reads share a small pool of read-only connections.
 */
final class SqliteConnections implements Connections {
    private static final int READERS = 8;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();

    SqliteConnections(String url, Database.Schema schema) throws SQLException {
        try {
            writer = connect(url);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            writer.setAutoCommit(false);
            schema.migrate(writer, Dialect.SQLITE);
            for (int i = 0; i < READERS; i++) {
                Connection reader = connect(url);
                try (Statement s = reader.createStatement()) {
                    s.execute("PRAGMA query_only=ON");
                }
                readers.add(reader);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        all.add(c);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA synchronous=NORMAL");
        }
        return c;
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public Connection writer() {
        writeLock.lock();
        return writer;
    }

    @Override
    public void release(Connection c, boolean usable) {
        writeLock.unlock();
    }

    @Override
    public Connection reader() throws SQLException {
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a catalog connection", e);
        }
    }

    @Override
    public void releaseReader(Connection reader, boolean usable) {
        readers.add(reader);
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
