package dev.hokan.catalog.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a {@link Database} gets its connections: a writer, whose transaction it commits or rolls back, and readers
 * that see the last committed state. Each taken connection is given back once, saying whether it is still usable.
 */
interface Connections extends AutoCloseable {
    Dialect dialect();

    /** The connection of one write transaction (auto-commit off). */
    Connection writer() throws SQLException;

    void release(Connection writer, boolean usable);

    /** A connection for reads (auto-commit on). */
    Connection reader() throws SQLException;

    void releaseReader(Connection reader, boolean usable);

    @Override
    void close();
}
