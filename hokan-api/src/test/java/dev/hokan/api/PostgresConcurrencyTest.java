package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;

/**
 * On a PostgreSQL catalog a request that waits for the database waits on a worker thread, never on the thread that
 * reads the network for other requests: reads are answered on the network thread only when the catalog is SQLite in
 * the process.
 */
class PostgresConcurrencyTest {
    /**
     * Fewer than the catalog's readers, and more than the network threads Jetty gives a connector (half the cores):
     * on the network thread, the held requests would not all reach the database.
     */
    private static final int HELD = 6;

    @TempDir
    Path dir;

    @Test
    void readsHeldByTheDatabaseWaitTogetherAndOtherRequestsAreAnsweredMeanwhile() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() / 2 < HELD,
                "with this many cores Jetty has a network thread for each held request");
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer hokan = TestServer.start(dir.resolve("data"), catalog);
             Connection locker = connect(catalog);
             ExecutorService callers = Executors.newFixedThreadPool(HELD)) {
            BackupClient backup = hokan.backup;
            backup.createBackupVault(r -> r.backupVaultName("held"));

            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + schemaOfVaults(locker) + ".vaults IN ACCESS EXCLUSIVE MODE");
            }
            List<CompletableFuture<String>> describes = IntStream.range(0, HELD)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() ->
                            backup.describeBackupVault(r -> r.backupVaultName("held")).backupVaultName(), callers))
                    .toList();
            try (Connection watcher = connect(catalog)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> waitingForLocks(watcher), waiting -> waiting.size() >= HELD);
                assertThat(waitingForLocks(watcher)).hasSize(HELD).allMatch(q -> q.contains(" FROM vaults "));
            }
            assertThat(backup.listBackupPlans(r -> { }).backupPlansList()).isEmpty();
            assertThat(describes).noneMatch(CompletableFuture::isDone);

            locker.rollback();
            for (CompletableFuture<String> describe : describes) {
                assertThat(describe.get(30, TimeUnit.SECONDS)).isEqualTo("held");
            }
        }
    }

    private static Connection connect(CatalogLocation.Postgres catalog) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", catalog.user());
        if (catalog.password() != null) {
            properties.setProperty("password", catalog.password());
        }
        return DriverManager.getConnection("jdbc:postgresql://" + catalog.host() + ":" + catalog.port() + "/"
                + catalog.database(), properties);
    }

    private static String schemaOfVaults(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema FROM information_schema.tables"
                     + " WHERE table_name = 'vaults'")) {
            assertThat(rs.next()).isTrue();
            String schema = rs.getString(1);
            assertThat(rs.next()).as("one cell").isFalse();
            return schema;
        }
    }

    /** The connections of this database waiting for a lock, with what each runs. */
    private static List<String> waitingForLocks(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                     + " AND datname = current_database()")) {
            List<String> queries = new ArrayList<>();
            while (rs.next()) {
                queries.add(rs.getString(1));
            }
            return queries;
        }
    }
}
