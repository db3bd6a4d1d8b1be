package dev.hokan.engine.resource.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.engine.ServiceException;
import dev.hokan.store.testing.OldPostgres;
import dev.hokan.store.testing.PostgresCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicationCheckTest {
    static PostgresCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = PostgresCluster.start();
        cluster.sql("create role plain login; create role replicator login replication");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aUserWithReplicationIsAccepted() {
        ReplicationCheck.verify(new PostgresServer("127.0.0.1", cluster.port(), "replicator", null));
        ReplicationCheck.verify(new PostgresServer("127.0.0.1", cluster.port(), "postgres", null));
    }

    @Test
    void refusalsSayWhatToChange() throws Exception {
        assertThatThrownBy(() -> ReplicationCheck.verify(new PostgresServer("127.0.0.1", cluster.port(), "plain", null)))
                .isInstanceOf(ServiceException.class).hasMessageContaining("ALTER ROLE plain REPLICATION");
        assertThatThrownBy(() -> ReplicationCheck.verify(new PostgresServer("127.0.0.1", 1, "postgres", null)))
                .hasMessageContaining("check Host and Port");
        try (OldPostgres old = OldPostgres.start("12.17")) {
            assertThatThrownBy(() -> ReplicationCheck.verify(new PostgresServer("127.0.0.1", old.port(), "postgres", null)))
                    .hasMessageContaining("version 12").hasMessageContaining("13 or later");
        }
        assertThatThrownBy(() -> ReplicationCheck.verify(new PostgresServer("127.0.0.1", cluster.port(), "postgres",
                Path.of("/nonexistent/password")))).hasMessageContaining("PasswordFile /nonexistent/password cannot be read");
    }
}
