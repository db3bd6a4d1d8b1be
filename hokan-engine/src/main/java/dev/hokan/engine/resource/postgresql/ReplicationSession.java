package dev.hokan.engine.resource.postgresql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/** One replication connection to a PostgreSQL server and the replication commands a continuous backup sends. */
final class ReplicationSession implements AutoCloseable {
    /** SQLSTATEs of a stream that cannot go on where it was: the slot is gone, or the WAL it needs is. */
    static final String UNDEFINED_OBJECT = "42704";
    static final String FILE_REMOVED = "58P01";
    static final String NOT_IN_PREREQUISITE_STATE = "55000";

    private final Connection connection;

    private ReplicationSession(Connection connection) {
        this.connection = connection;
    }

    static ReplicationSession open(PostgresServer server) throws SQLException, IOException {
        return new ReplicationSession(ReplicationCheck.connect(server));
    }

    /** What IDENTIFY_SYSTEM answers: the cluster's identifier, its timeline and how far its WAL is flushed. */
    record Identity(String systemId, int timeline, long flushed) {
    }

    Identity identify() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("IDENTIFY_SYSTEM")) {
            rs.next();
            return new Identity(rs.getString("systemid"), rs.getInt("timeline"), WalPositions.parse(rs.getString("xlogpos")));
        }
    }

    /** The size of the server's WAL segment files, in bytes. */
    long segmentSize() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_segment_size")) {
            rs.next();
            String text = rs.getString(1).trim().toUpperCase(Locale.ROOT);
            long unit = text.endsWith("GB") ? 1L << 30 : text.endsWith("MB") ? 1L << 20 : text.endsWith("KB") ? 1L << 10 : 1;
            return Long.parseLong(text.replaceAll("[A-Z]+$", "")) * unit;
        }
    }

    /** Creates the physical slot, reserving the WAL from now on; a slot left by an earlier attempt is replaced. */
    void createSlot(String slot) throws SQLException {
        dropSlot(slot);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE_REPLICATION_SLOT " + slot + " PHYSICAL RESERVE_WAL");
        }
    }

    /** Drops the slot; one that does not exist is left as it is. */
    void dropSlot(String slot) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP_REPLICATION_SLOT " + slot);
        } catch (SQLException e) {
            if (!UNDEFINED_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** Streams the WAL from {@code start} through the slot. */
    PGReplicationStream stream(String slot, long start) throws SQLException {
        return connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream().physical()
                .withSlotName(slot).withStartPosition(LogSequenceNumber.valueOf(start))
                .withStatusInterval(10, TimeUnit.SECONDS).start();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
