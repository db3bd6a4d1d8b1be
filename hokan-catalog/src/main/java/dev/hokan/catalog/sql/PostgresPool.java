package dev.hokan.catalog.sql;

import dev.hokan.catalog.CatalogException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The connections to one PostgreSQL database that every catalog kept in it shares, each catalog in a schema of its
 * own: write connections (serializable transactions) and read connections (auto-commit), each a bounded pool whose
 * connections are made when first needed and dropped when they broke. Reads never wait for a write connection, so
 * a write that reads through a read connection cannot starve the pool. A connection is taken, where one is idle,
 * among those already on the catalog's schema: moving one to another schema is a round trip to the database, and
 * an API call reads two catalogs (the identities', then its cell's).
 * <p>
 * PostgreSQL ends a session that stays inside a transaction without a word from its node for
 * {@link #IDLE_IN_TRANSACTION}: a node paused (SIGSTOP, a frozen virtual machine) or cut off between two statements of
 * a transaction would otherwise keep its row locks, and every node writing those rows (taking over the paused node's
 * jobs among them) would wait for as long as the pause, or for hours until TCP noticed a dead peer. No transaction of
 * a catalog waits for anything but its database between statements.
 */
public final class PostgresPool implements AutoCloseable {
    private static final int WRITERS = 8;
    static final int READERS = 8;
    private static final long WAIT_SECONDS = 30;
    /** Well under a job's lease (30 s unless set otherwise), which a paused node's jobs wait for anyway. */
    private static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(10);

    private final String url;
    private final Properties properties;
    private final Pool writers = new Pool(WRITERS);
    private final Pool readers = new Pool(READERS);
    /** The schema each open connection's search_path names. */
    private final Map<Connection, String> schemas = new ConcurrentHashMap<>();

    public PostgresPool(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    Connection writer(String schema) throws SQLException {
        return onSchema(writers.take(true, schema), schema);
    }

    void release(Connection writer, boolean usable) {
        writers.give(writer, usable);
    }

    Connection reader(String schema) throws SQLException {
        return onSchema(readers.take(false, schema), schema);
    }

    void releaseReader(Connection reader, boolean usable) {
        readers.give(reader, usable);
    }

    /** The database's schemas, but PostgreSQL's own. */
    public List<String> schemas() {
        try {
            Connection c = readers.take(false, null);
            boolean usable = false;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace"
                    + " WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                usable = true;
                return names;
            } finally {
                readers.give(c, usable);
            }
        } catch (SQLException e) {
            throw new CatalogException("Cannot list the catalog database's schemas: " + e.getMessage(), e);
        }
    }

    private Connection onSchema(Connection c, String schema) throws SQLException {
        if (!schema.equals(schemas.get(c))) {
            c.setSchema(schema);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            schemas.put(c, schema);
        }
        return c;
    }

    @Override
    public void close() {
        writers.close();
        readers.close();
    }

    private final class Pool {
        private final int size;
        private final Semaphore permits;
        private final Deque<Connection> idle = new ArrayDeque<>();
        /** Connections open, idle or taken. */
        private int open;
        private boolean closed;

        Pool(int size) {
            this.size = size;
            permits = new Semaphore(size, true);
        }

        /**
         * An idle connection on {@code schema} (any schema when null), else a new one while the pool has room, else
         * the idle connection used longest ago.
         */
        Connection take(boolean writer, String schema) throws SQLException {
            acquire();
            try {
                synchronized (this) {
                    if (closed) {
                        throw new SQLException("The catalog is closed");
                    }
                    Connection c = idleOn(schema);
                    if (c == null && open == size) {
                        // the permit taken leaves one of the open connections idle
                        c = idle.pollLast();
                    }
                    if (c != null) {
                        return c;
                    }
                    open++;
                }
                try {
                    return connect(writer);
                } catch (SQLException | RuntimeException e) {
                    synchronized (this) {
                        open--;
                    }
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        private Connection idleOn(String schema) {
            for (Iterator<Connection> it = idle.iterator(); it.hasNext(); ) {
                Connection c = it.next();
                if (schema == null || schema.equals(schemas.get(c))) {
                    it.remove();
                    return c;
                }
            }
            return null;
        }

        /** Waits for a permit; an interrupt does not end the wait, and is kept for the caller. */
        private void acquire() throws SQLException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        if (permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                            return;
                        }
                        throw new SQLException("No catalog connection came free within " + WAIT_SECONDS + " s");
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private Connection connect(boolean writer) throws SQLException {
            Connection c = DriverManager.getConnection(url, properties);
            try {
                if (writer) {
                    // a statement rather than a startup option, which a connection pooler in front may refuse
                    try (Statement s = c.createStatement()) {
                        s.execute("SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION.toMillis());
                    }
                    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                    c.setAutoCommit(false);
                }
                return c;
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        void give(Connection c, boolean usable) {
            boolean keep;
            synchronized (this) {
                keep = usable && !closed;
                if (keep) {
                    idle.addFirst(c);
                }
            }
            if (!keep) {
                discard(c);
            }
            permits.release();
        }

        void close() {
            List<Connection> open;
            synchronized (this) {
                closed = true;
                open = List.copyOf(idle);
                idle.clear();
            }
            open.forEach(this::discard);
        }

        private void discard(Connection c) {
            synchronized (this) {
                open--;
            }
            schemas.remove(c);
            try {
                c.close();
            } catch (SQLException e) {
                // a broken connection; nothing left to protect
            }
        }
    }
}
