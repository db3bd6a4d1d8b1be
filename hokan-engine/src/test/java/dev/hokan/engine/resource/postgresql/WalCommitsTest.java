package dev.hokan.engine.resource.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.store.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits read from a WAL directory that a restore fills segment by segment, as {@link PointInTimeRestore} does. */
class WalCommitsTest {
    private static final long SEGMENT = 16L << 20;

    @Test
    void aCommitRecordThatEndsInTheNextSegmentIsFoundOnceThatSegmentIsThere(@TempDir Path scratch) throws Exception {
        try (PostgresCluster cluster = PostgresCluster.start("checkpoint_timeout = '1h'", "max_wal_size = '1GB'");
             Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/postgres",
                     "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("create table t (n int)");
            long start = insertPosition(c);
            s.execute("insert into t values (1)");
            Instant moment = Instant.now();
            Thread.sleep(20);
            long straddling = straddlingCommit(c);
            s.execute("insert into t values (2)");
            s.execute("select pg_switch_wal()");

            Path wal = Files.createDirectory(scratch.resolve("hokan_wal"));
            WalCommits commits = new WalCommits(cluster.dataDirectory(), wal, 1, start);
            long last = WalPositions.segmentStart(straddling, SEGMENT) + SEGMENT;
            for (long segment = WalPositions.segmentStart(start, SEGMENT); segment <= last; segment += SEGMENT) {
                String name = WalPositions.segmentName(1, segment, SEGMENT);
                Files.copy(cluster.dataDirectory().resolve("pg_wal").resolve(name), wal.resolve(name));
                OptionalLong found = commits.firstCommitAfter(moment, segment + SEGMENT);
                if (segment < last) {
                    assertThat(found).as("the commit record is not whole before segment " + name).isEmpty();
                } else {
                    assertThat(found).as("the first commit after the moment, not the one after it")
                            .hasValue(straddling);
                }
            }
        }
    }

    /**
     * Commits a transaction whose commit record starts 32 bytes before the end of a segment, so that it ends in the
     * next one, and returns where it starts. Logical messages move the WAL to the place; a record another process
     * writes meanwhile makes it try again at the next segment.
     */
    private static long straddlingCommit(Connection c) throws SQLException {
        for (int attempt = 0; attempt < 5; attempt++) {
            long end = WalPositions.segmentStart(insertPosition(c), SEGMENT) + SEGMENT;
            while (end - insertPosition(c) > 4096) {
                message(c, false, (int) Math.min((end - insertPosition(c)) / 2, 1 << 20));
            }
            // a message's record: its bytes, headers of a fixed size, aligned to 8 bytes; measured on one of 512 bytes
            long before = insertPosition(c);
            message(c, false, 512);
            long headers = insertPosition(c) - before - 512;
            long commitAt = end - 32;
            int payload = (int) (commitAt - insertPosition(c) - headers);
            if (payload < 300) {
                message(c, false, 4096);
                continue;
            }
            c.setAutoCommit(false);
            message(c, true, payload);
            boolean placed = insertPosition(c) == commitAt;
            c.commit();
            c.setAutoCommit(true);
            if (placed && insertPosition(c) > end) {
                return commitAt;
            }
        }
        throw new IllegalStateException("no commit record could be placed across a segment's end");
    }

    private static void message(Connection c, boolean transactional, int bytes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select pg_logical_emit_message(?, 'hokan', repeat('x', ?))")) {
            p.setBoolean(1, transactional);
            p.setInt(2, bytes);
            p.execute();
        }
    }

    private static long insertPosition(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select pg_current_wal_insert_lsn()")) {
            r.next();
            return WalPositions.parse(r.getString(1));
        }
    }
}
