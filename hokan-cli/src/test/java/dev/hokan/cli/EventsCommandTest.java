package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.api.HokanClient;
import dev.hokan.api.HokanServer;
import dev.hokan.api.RootCredentials;
import dev.hokan.api.ServerConfig;
import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code hokan events verify} against a running server whose SQLite catalog is edited behind its back: a changed,
 * a removed and two swapped events are each named, and the exit status says the log was tampered with.
 */
class EventsCommandTest {
    private static final String ACCESS_KEY = "AKHKCLITESTEVENTS001";
    private static final String SECRET = "cli-events-secret";

    @TempDir
    Path dir;
    private HokanServer server;
    private Path secret;

    @BeforeEach
    void startServer() throws Exception {
        server = HokanServer.start(new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, ClockMode.MANUAL,
                dir.resolve("master.key"), new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(),
                List.of(), 1, ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, SECRET)));
        secret = Files.writeString(dir.resolve("secret"), SECRET);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void verifyNamesEachChangedRemovedAndMovedEvent() throws Exception {
        for (int i = 1; i <= 7; i++) {
            VaultCommandTest.Run created = hokan("admin", "create-user", "--account-id", Account.DEFAULT_ACCOUNT,
                    "--user-name", "user-" + i, "--endpoint-url", server.endpoint().toString(),
                    "--access-key-id", ACCESS_KEY, "--secret-access-key-file", secret.toString());
            assertEquals(0, created.exit(), created.toString());
        }
        VaultCommandTest.Run intact = verify();
        assertEquals(0, intact.exit(), intact.toString());
        assertTrue(intact.out().contains("The event log is intact."), intact.toString());

        List<String> users = new ArrayList<>();
        JsonNode listed = new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1")
                .call("GET", "/hokan/v1/events?type=UserCreated", null);
        listed.path("Events").forEach(e -> users.add(e.path("EventId").asString()));
        assertEquals(7, users.size(), listed.toString());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                + dir.resolve("data").resolve(EmbeddedCatalogs.CELL_FILE)); Statement s = c.createStatement()) {
            s.execute("UPDATE events SET actor = 'arn:aws:iam::000000000000:user/scapegoat' WHERE event_id = '"
                    + users.get(1) + "'");
            s.execute("DELETE FROM events WHERE event_id = '" + users.get(3) + "'");
            s.execute("UPDATE events SET chain_position = -chain_position WHERE event_id = '" + users.get(5) + "'");
            s.execute("UPDATE events SET chain_position = chain_position - 1 WHERE event_id = '" + users.get(6) + "'");
            s.execute("UPDATE events SET chain_position = 1 - chain_position WHERE event_id = '" + users.get(5) + "'");
        }

        VaultCommandTest.Run tampered = verify();
        assertEquals(EventsCommand.Verify.BROKEN, tampered.exit(), tampered.toString());
        List<String> lines = tampered.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("CHANGED: Event " + users.get(1) + " (UserCreated)"), tampered.out());
        assertTrue(lines.get(1).startsWith("REMOVED: Event " + users.get(4) + " (UserCreated)"), tampered.out());
        assertTrue(lines.get(1).contains("what was recorded between event " + users.get(2)), tampered.out());
        assertTrue(lines.get(2).startsWith("REORDERED: Event " + users.get(6) + " (UserCreated)"), tampered.out());
        assertTrue(lines.get(3).startsWith("REORDERED: Event " + users.get(5) + " (UserCreated)"), tampered.out());
        assertTrue(tampered.out().contains("The event log was tampered with."), tampered.out());
    }

    private VaultCommandTest.Run verify() {
        return hokan("events", "verify", "--endpoint-url", server.endpoint().toString(), "--access-key-id",
                ACCESS_KEY, "--secret-access-key-file", secret.toString());
    }
}
