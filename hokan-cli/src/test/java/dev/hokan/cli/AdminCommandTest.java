package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.api.HokanServer;
import dev.hokan.api.RootCredentials;
import dev.hokan.api.ServerConfig;
import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code hokan admin} against a real server: creating an account and building the organisation around it, with the
 * connection options after the subcommand's name or before it, and recovering an account's root key.
 */
class AdminCommandTest {
    private static final String ACCESS_KEY = "AKHKCLITESTCLITEST01";
    private static final String SECRET = "cli-test-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private HokanServer server;
    private String endpoint;
    private Path secret;

    @BeforeEach
    void startServer() throws Exception {
        server = HokanServer.start(new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, ClockMode.MANUAL,
                dir.resolve("master.key"), new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(),
                List.of(), 1, ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, SECRET)));
        endpoint = server.endpoint().toString();
        secret = Files.writeString(dir.resolve("secret"), SECRET);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void theOperatorCreatesAnAccountAndPlacesItInTheOrganisation() throws Exception {
        JsonNode account = ok(admin(endpoint, ACCESS_KEY, secret, "create-account", "--name", "prod"));
        String accountId = account.get("AccountId").stringValue();
        assertTrue(accountId.matches("\\d{12}"), accountId);
        JsonNode org = ok(admin(endpoint, ACCESS_KEY, secret, "create-organization"));
        JsonNode unit = ok(admin(endpoint, ACCESS_KEY, secret, "create-organizational-unit",
                "--parent-id", org.get("RootId").stringValue(), "--name", "workloads"));
        ok(admin(endpoint, ACCESS_KEY, secret, "move-account", "--account-id", accountId,
                "--parent-id", unit.get("Id").stringValue()));
        JsonNode described = ok(admin(endpoint, ACCESS_KEY, secret, "describe-organization"));
        assertTrue(described.get("Accounts").toString().contains(org.get("Id").stringValue() + "/"
                + org.get("RootId").stringValue() + "/" + unit.get("Id").stringValue() + "/"), described.toString());

        JsonNode accounts = ok(hokan("admin", "--endpoint-url", endpoint, "--access-key-id", ACCESS_KEY,
                "--secret-access-key-file", secret.toString(), "list-accounts"));
        assertEquals(2, accounts.get("Accounts").size(), accounts.toString());
        for (JsonNode listed : accounts.get("Accounts")) {
            String created = listed.get("CreationDate").stringValue();
            assertEquals(created, Instant.parse(created).toString(), "ISO-8601: " + accounts);
        }

        Path memberSecret = Files.writeString(dir.resolve("member-secret"),
                account.get("SecretAccessKey").stringValue());
        VaultCommandTest.Run refused = admin(endpoint, account.get("AccessKeyId").stringValue(), memberSecret,
                "create-account", "--name", "sneaky");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("AccessDeniedException"), refused.toString());
    }

    @Test
    void theOperatorIssuesANewRootKeyForAnAccountThatLostItsOwn() throws Exception {
        JsonNode account = ok(admin(endpoint, ACCESS_KEY, secret, "create-account", "--name", "lost-keys"));
        String accountId = account.get("AccountId").stringValue();

        JsonNode issued = ok(admin(endpoint, ACCESS_KEY, secret, "create-root-access-key",
                "--account-id", accountId));
        assertEquals("arn:aws:iam::" + accountId + ":root", issued.get("PrincipalArn").stringValue());
        Path newSecret = Files.writeString(dir.resolve("new-root-secret"),
                issued.get("SecretAccessKey").stringValue());
        String newKey = issued.get("AccessKeyId").stringValue();
        ok(admin(endpoint, newKey, newSecret, "create-user", "--account-id", accountId, "--user-name", "ops"));

        VaultCommandTest.Run refused = admin(endpoint, newKey, newSecret, "create-root-access-key",
                "--account-id", Account.DEFAULT_ACCOUNT);
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("AccessDeniedException"), refused.toString());
    }

    @Test
    void theOperatorTagsListsAndUntagsAUser() throws Exception {
        JsonNode user = ok(admin(endpoint, ACCESS_KEY, secret, "create-user", "--account-id", Account.DEFAULT_ACCOUNT,
                "--user-name", "tagged"));
        String arn = user.get("Arn").stringValue();
        assertTrue(user.get("UserId").stringValue().startsWith("AIDA"), user.toString());
        ok(admin(endpoint, ACCESS_KEY, secret, "tag-principal", "--principal-arn", arn, "--tag", "team=blue",
                "--tag", "cost centre=41 200"));
        ok(admin(endpoint, ACCESS_KEY, secret, "untag-principal", "--principal-arn", arn, "--tag-key", "TEAM"));
        JsonNode tags = ok(admin(endpoint, ACCESS_KEY, secret, "list-principal-tags", "--principal-arn", arn));
        assertEquals("{\"Tags\":{\"cost centre\":\"41 200\"}}", tags.toString());

        VaultCommandTest.Run refused = admin(endpoint, ACCESS_KEY, secret, "tag-principal", "--principal-arn",
                "arn:aws:iam::" + Account.DEFAULT_ACCOUNT + ":root", "--tag", "k=v");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("root user takes no tags"), refused.toString());
    }

    @Test
    void theOperatorSetsAUsersConsolePasswordWhichThenSignsIn() throws Exception {
        JsonNode user = ok(admin(endpoint, ACCESS_KEY, secret, "create-user", "--account-id", Account.DEFAULT_ACCOUNT,
                "--user-name", "operator-console"));
        Path password = Files.writeString(dir.resolve("console-password"), "a console password\n");
        ok(admin(endpoint, ACCESS_KEY, secret, "set-console-password", "--principal-arn",
                user.get("Arn").stringValue(), "--password-file", password.toString()));
        HttpResponse<String> signIn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/console/api/sign-in")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"AccountId\":\"" + Account.DEFAULT_ACCOUNT + "\",\"UserName\":\"operator-console\","
                        + "\"Password\":\"a console password\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signIn.statusCode(), signIn.body());
        assertTrue(signIn.body().contains(user.get("Arn").stringValue()), signIn.body());

        Path tooShort = Files.writeString(dir.resolve("short-password"), "short");
        VaultCommandTest.Run refused = admin(endpoint, ACCESS_KEY, secret, "set-console-password",
                "--principal-arn", user.get("Arn").stringValue(), "--password-file", tooShort.toString());
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Password must be 8 to 128 characters"), refused.toString());
    }

    @Test
    void theOperatorGrantsListsAndRevokesHostPaths() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        ServerConfig config = new ServerConfig(dir.resolve("confined-data"), "127.0.0.1", 0, ClockMode.MANUAL,
                dir.resolve("master.key"), new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(),
                List.of(), 1, ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, SECRET),
                HomeHostRoots.confined(List.of(sources), List.of()));
        try (HokanServer server = HokanServer.start(config)) {
            StringWriter started = new StringWriter();
            ServerCommand.announceHostPaths(new PrintWriter(started, true), server);
            assertTrue(started.toString().contains("Host paths of the home account: back up from " + sources
                    + "; restore into nowhere (and what hokan admin grant-host-path adds)."), started.toString());

            Path secret = Files.writeString(dir.resolve("secret"), SECRET);
            String endpoint = server.endpoint().toString();
            JsonNode account = ok(admin(endpoint, ACCESS_KEY, secret, "create-account", "--name", "tenant"));
            String accountId = account.get("AccountId").stringValue();
            Path web = dir.resolve("srv/web site");
            JsonNode granted = ok(admin(endpoint, ACCESS_KEY, secret, "grant-host-path", "--account-id", accountId,
                    "--path", web.toString(), "--use", "BOTH"));
            assertEquals(2, granted.get("HostPaths").size(), granted.toString());
            JsonNode listed = ok(admin(endpoint, ACCESS_KEY, secret, "list-host-paths", "--account-id", accountId));
            assertEquals(List.of(web.toString(), web.toString()), listed.get("HostPaths").findValuesAsString("Path"));
            assertEquals("[\"" + sources + "\"]", listed.get("HomeAccount").get("SourceRoots").toString());

            Path memberSecret = Files.writeString(dir.resolve("member-secret"),
                    account.get("SecretAccessKey").stringValue());
            VaultCommandTest.Run refused = admin(endpoint, account.get("AccessKeyId").stringValue(), memberSecret,
                    "grant-host-path", "--account-id", accountId, "--path", "/", "--use", "BOTH");
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("AccessDeniedException"), refused.toString());

            ok(admin(endpoint, ACCESS_KEY, secret, "revoke-host-path", "--account-id", accountId,
                    "--path", web.toString(), "--use", "SOURCE"));
            listed = ok(admin(endpoint, ACCESS_KEY, secret, "list-host-paths", "--account-id", accountId));
            assertEquals(List.of("RESTORE"), listed.get("HostPaths").findValuesAsString("Use"));
        }
    }

    @Test
    void theOperatorGrantsListsAndRevokesEndpoints() throws Exception {
        StringWriter started = new StringWriter();
        ServerCommand.announceHostPaths(new PrintWriter(started, true), server);
        assertTrue(started.toString().contains("Network endpoints of the home account: any (confine it with"
                + " --allowed-endpoints)."), started.toString());
        JsonNode account = ok(admin(endpoint, ACCESS_KEY, secret, "create-account", "--name", "tenant"));
        String accountId = account.get("AccountId").stringValue();
        JsonNode granted = ok(admin(endpoint, ACCESS_KEY, secret, "grant-endpoint", "--account-id", accountId,
                "--network", "10.1.2.0/24", "--port", "5432", "--kind", "POSTGRESQL"));
        assertEquals("10.1.2.0/24", granted.get("Endpoints").get(0).get("Network").stringValue(), granted.toString());
        ok(admin(endpoint, ACCESS_KEY, secret, "grant-endpoint", "--account-id", accountId, "--network",
                "s3.example.com", "--kind", "S3"));
        JsonNode listed = ok(admin(endpoint, ACCESS_KEY, secret, "list-endpoints", "--account-id", accountId));
        assertEquals(List.of("10.1.2.0/24", "s3.example.com"), listed.get("Endpoints").findValuesAsString("Network"));
        assertEquals(5432, listed.get("Endpoints").get(0).get("Port").intValue());
        assertTrue(listed.get("Endpoints").get(1).get("Port") == null, listed.toString());
        assertEquals(false, listed.get("HomeAccount").get("Confined").booleanValue());

        Path memberSecret = Files.writeString(dir.resolve("member-secret"), account.get("SecretAccessKey").stringValue());
        VaultCommandTest.Run refused = admin(endpoint, account.get("AccessKeyId").stringValue(), memberSecret,
                "grant-endpoint", "--account-id", accountId, "--network", "0.0.0.0/0", "--kind", "ANY");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("AccessDeniedException"), refused.toString());

        ok(admin(endpoint, ACCESS_KEY, secret, "revoke-endpoint", "--account-id", accountId, "--network",
                "10.1.2.0/24", "--port", "5432", "--kind", "POSTGRESQL"));
        listed = ok(admin(endpoint, ACCESS_KEY, secret, "list-endpoints", "--account-id", accountId));
        assertEquals(List.of("S3"), listed.get("Endpoints").findValuesAsString("Kind"));
    }

    @Test
    void allowedEndpointsMustBeNetworks() {
        VaultCommandTest.Run refused = hokan("server", "--data-dir", dir.resolve("data").toString(),
                "--allowed-endpoints", "127.0.0.1:5432,10.0.0.0/40");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Endpoint 10.0.0.0/40 has a prefix length that is not between 0 and 32"),
                refused.toString());
    }

    @Test
    void hostRootsMustBeAbsolute() {
        VaultCommandTest.Run refused = hokan("server", "--data-dir", dir.resolve("data").toString(),
                "--source-roots", "/srv,relative/dir");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--source-roots takes absolute directories, not relative/dir"),
                refused.toString());
    }

    private static VaultCommandTest.Run admin(String endpoint, String accessKey, Path secret, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("admin"));
        args.addAll(List.of(command));
        args.addAll(List.of("--endpoint-url", endpoint, "--access-key-id", accessKey,
                "--secret-access-key-file", secret.toString()));
        return hokan(args.toArray(String[]::new));
    }

    private static JsonNode ok(VaultCommandTest.Run run) {
        assertEquals(0, run.exit(), run.toString());
        return JSON.readTree(run.out());
    }
}
