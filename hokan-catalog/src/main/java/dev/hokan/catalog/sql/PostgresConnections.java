package dev.hokan.catalog.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connections of one catalog kept in a schema of a PostgreSQL database: taken from the database's pool with
 * the schema as search_path. Creating the schema and migrating it hold an advisory lock, so nodes that start at
 * once migrate it once.
 */
final class PostgresConnections implements Connections {
    private final PostgresPool pool;
    private final String schema;

    PostgresConnections(PostgresPool pool, String schema, Database.Schema migrations) throws SQLException {
        if (!schema.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a catalog schema name: " + schema);
        }
        this.pool = pool;
        this.schema = schema;
        Connection c = pool.writer(schema);
        boolean usable = false;
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(hashtext('hokan.catalog." + schema + "'))");
            // the next transaction's snapshot must come after the lock, to see what a node that held it committed
            c.commit();
            try {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                c.commit();
                migrations.migrate(c, Dialect.POSTGRESQL);
            } finally {
                c.rollback();
                s.execute("SELECT pg_advisory_unlock(hashtext('hokan.catalog." + schema + "'))");
                c.commit();
            }
            usable = true;
        } finally {
            pool.release(c, usable);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public Connection writer() throws SQLException {
        return pool.writer(schema);
    }

    @Override
    public void release(Connection writer, boolean usable) {
        pool.release(writer, usable);
    }

    @Override
    public Connection reader() throws SQLException {
        return pool.reader(schema);
    }

    @Override
    public void releaseReader(Connection reader, boolean usable) {
        pool.releaseReader(reader, usable);
    }

    /** The pool belongs to the database, which outlives each of its catalogs. */
    @Override
    public void close() {
    }
}
