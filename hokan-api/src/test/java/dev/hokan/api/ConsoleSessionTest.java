package dev.hokan.api;

import static dev.hokan.api.TestIdentities.encode;
import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.api.TestIdentities.Signer;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.Account;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.iam.Identities;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console's sessions: sign-in with a console password set through the admin API, a session cookie that is
 * HttpOnly and SameSite=Strict, a CSRF token every request must carry, the same authorisation as signed requests,
 * idle expiry and sign-out; sessions that every node of a cluster honours; the root user's password printed at first
 * start; the assets under /console/.
 */
class ConsoleSessionTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestIdentities ids = new TestIdentities(hokan);

    /** A signed-in browser: the cookie it was given and the CSRF token the page holds. */
    private record Browser(URI endpoint, String cookie, String csrf, JsonNode identity) {
        /** A request with the cookie and {@code csrfHeader} (none when null) as the CSRF token. */
        HttpResponse<String> send(String method, String path, String body, String csrfHeader) {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).header("Cookie", cookie)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (csrfHeader != null) {
                request.header(ConsoleSessions.CSRF_HEADER, csrfHeader);
            }
            return exchange(request);
        }

        HttpResponse<String> send(String method, String path, String body) {
            return send(method, path, body, csrf);
        }
    }

    @Test
    void aUserSignsInWithItsConsolePasswordAndActsAsItselfUntilItSignsOut() {
        Signer root = ids.createAccount("console");
        Browser browser = signedInLister(root, "reader");
        String reader = browser.identity().get("PrincipalArn").stringValue();
        assertThat(reader).isEqualTo("arn:aws:iam::" + root.accountId() + ":user/reader");
        assertThat(browser.identity().get("Region").stringValue()).isEqualTo("us-east-1");
        assertThat(ok(browser.send("GET", "/backup-vaults/", null)).get("BackupVaultList")).isEmpty();

        HttpResponse<String> denied = browser.send("PUT", "/backup-vaults/not-allowed", "{}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        assertThat(JSON.readTree(denied.body()).get("Message").stringValue()).isEqualTo("User: " + reader
                + " is not authorized to perform: backup:CreateBackupVault on resource: arn:aws:backup:us-east-1:"
                + root.accountId() + ":backup-vault:not-allowed because no identity-based policy allows"
                + " backup:CreateBackupVault on arn:aws:backup:us-east-1:" + root.accountId()
                + ":backup-vault:not-allowed");
        assertThat(root.client().listBackupVaults(r -> { }).backupVaultList()).isEmpty();

        JsonNode again = ok(browser.send("GET", "/console/api/session", null, null));
        assertThat(again.get("CsrfToken").stringValue()).isEqualTo(browser.csrf());
        ok(browser.send("POST", "/console/api/sign-out", ""));
        HttpResponse<String> after = browser.send("GET", "/backup-vaults/", null);
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(after.headers().firstValue("x-amzn-ErrorType")).hasValue("ExpiredTokenException");
    }

    @Test
    void theCookieIsHttpOnlyAndStrictAndAWrongPasswordOrAUserWithoutOneIsRefused() {
        Signer root = ids.createAccount("cookies");
        Signer user = ids.createUser(root, "cookie-user", null);
        ids.createUser(root, "no-password", null);
        setPassword(root, user.arn(), "right-password");

        HttpResponse<String> signedIn = signInResponse(hokan.server.endpoint(), root.accountId(), "cookie-user",
                "right-password");
        assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith(ConsoleSessions.COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/"));
        assertThat(signedIn.body()).doesNotContain(cookieValue(signedIn));
        for (HttpResponse<String> refused : List.of(
                signInResponse(hokan.server.endpoint(), root.accountId(), "cookie-user", "wrong-password"),
                signInResponse(hokan.server.endpoint(), root.accountId(), "no-password", "any-password"),
                signInResponse(hokan.server.endpoint(), root.accountId(), "", "right-password"))) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(JSON.readTree(refused.body()).get("__type").stringValue()).isEqualTo("AccessDeniedException");
        }

        HttpResponse<String> shortPassword = root.signed("POST", passwordPath(user.arn()),
                "{\"Password\":\"short\"}");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(shortPassword.body()).contains("Password must be 8 to 128 characters");
        String role = ok(root.signed("POST", "/hokan/v1/admin/accounts/" + root.accountId() + "/roles",
                "{\"RoleName\":\"no-console\"}")).get("Arn").stringValue();
        assertThat(root.signed("POST", passwordPath(role), "{\"Password\":\"role-password\"}").body())
                .contains("A role has no console password");
        HttpResponse<String> byUser = user.signed("POST", passwordPath(user.arn()), "{\"Password\":\"my-own-pass\"}");
        assertThat(byUser.statusCode()).isEqualTo(403);
        assertThat(byUser.body()).contains("iam:SetConsolePassword");
        JsonNode events = ok(root.signed("GET", "/hokan/v1/events?type=ConsolePasswordSet", null)).get("Events");
        assertThat(events.findValuesAsString("ResourceArn")).containsExactly(user.arn());
    }

    @Test
    void aRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Signer root = ids.createAccount("csrf");
        setPassword(root, root.arn(), "root-console-password");
        Browser browser = signIn(hokan.server.endpoint(), root.accountId(), null, "root-console-password");

        for (String forged : new String[] {null, "forged-token"}) {
            HttpResponse<String> refused = browser.send("PUT", "/backup-vaults/forged", "{}", forged);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("CSRF token");
        }
        assertThat(browser.send("POST", "/console/api/sign-out", "", null).statusCode()).isEqualTo(403);
        assertThat(root.client().listBackupVaults(r -> { }).backupVaultList()).isEmpty();
        ok(browser.send("PUT", "/backup-vaults/made-by-console", "{}"));
        assertThat(root.client().listBackupVaults(r -> { }).backupVaultList()).hasSize(1);
    }

    @Test
    void theConsoleAsksWhichActionsItsUserMayTakeAndWhy() {
        Signer root = ids.createAccount("permissions");
        Browser browser = signedInLister(root, "lister");
        String lister = browser.identity().get("PrincipalArn").stringValue();
        String point = "arn:aws:backup:us-east-1:" + root.accountId() + ":recovery-point:p1";

        JsonNode results = ok(browser.send("POST", "/hokan/v1/permissions", "{\"Checks\":["
                + "{\"Action\":\"backup:ListBackupVaults\"},"
                + "{\"Action\":\"backup:DeleteRecoveryPoint\",\"Resource\":\"" + point
                + "\",\"BackupVaultName\":\"v\"}]}")).get("Results");
        assertThat(results.get(0).get("Allowed").booleanValue()).isTrue();
        assertThat(results.get(0).has("Reason")).isFalse();
        assertThat(results.get(1).get("Allowed").booleanValue()).isFalse();
        assertThat(results.get(1).get("Reason").stringValue()).isEqualTo("User: " + lister
                + " is not authorized to perform: backup:DeleteRecoveryPoint on resource: " + point
                + " because no identity-based policy allows backup:DeleteRecoveryPoint on " + point);
    }

    @Test
    void aSessionExpiresAfterItsIdleTimeoutAndTheFirstStartPrintsTheRootsPassword() throws Exception {
        Path data = dir.resolve("first-start");
        Path assets = Files.createDirectories(dir.resolve("console-dist/assets"));
        Files.writeString(assets.resolveSibling("index.html"), "<!doctype html><title>Hokan</title>");
        Files.writeString(assets.resolve("app-1234.js"), "console.log('hokan')");
        ServerConfig config = new ServerConfig(data, "127.0.0.1", 0, ClockMode.MANUAL, data.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 1,
                ExpiryWindow.of(Duration.ZERO), Map.of(), HomeHostRoots.UNCONFINED, VaultLocations.under(data,
                StorageBackends.standard(S3Settings.fromEnvironment(null, null, Map.of()))),
                TestServer.catalogOf(data), DeploymentConfig.DEFAULT_NODE_ID)
                .withConsole(new ConsoleSettings(Optional.of(assets.getParent()), Duration.ofSeconds(3)));
        String password;
        try (TestServer first = TestServer.start(config)) {
            password = first.server.rootConsolePassword().orElseThrow();
            assertThat(password).hasSize(20);
        }
        try (TestServer second = TestServer.start(config)) {
            assertThat(second.server.rootConsolePassword()).hasValue(password);
            second.server.firstStart().told(data);
        }
        assertThat(data.resolve(RootConsolePassword.FILE)).doesNotExist();
        try (TestServer told = TestServer.start(config)) {
            assertThat(told.server.rootConsolePassword()).isEmpty();
            URI endpoint = told.server.endpoint();
            Browser browser = signIn(endpoint, Account.DEFAULT_ACCOUNT, "", password);
            assertThat(browser.identity().get("IdleTimeoutSeconds").longValue()).isEqualTo(3);
            ok(browser.send("GET", "/backup-vaults/", null));
            Thread.sleep(3_500);
            HttpResponse<String> expired = browser.send("GET", "/backup-vaults/", null);
            assertThat(expired.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(expired.body()).get("message").stringValue())
                    .isEqualTo("The console session expired (3 seconds without a request) or was signed out;"
                            + " sign in again");
            assertThat(browser.send("GET", "/console/api/session", null).statusCode()).isEqualTo(403);

            HttpResponse<String> page = exchange(HttpRequest.newBuilder(endpoint.resolve("/console/")));
            assertThat(page.body()).contains("<title>Hokan</title>");
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(exchange(HttpRequest.newBuilder(endpoint.resolve("/console/assets/app-1234.js")))
                    .headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(exchange(HttpRequest.newBuilder(endpoint.resolve("/console/../master.key"))).statusCode())
                    .isIn(400, 404);
            assertThat(exchange(HttpRequest.newBuilder(endpoint.resolve("/console/%2e%2e/master.key")))
                    .statusCode()).isIn(400, 404);
        }
    }

    @Test
    void aSessionOpenedOnOneNodeServesOnEveryNodeAndOnlyItsTokensHashIsKept() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(TestServer.clusterNode(dir.resolve("node-a"),
                     dir.resolve("cluster.key"), catalog, "node-a"));
             TestServer b = TestServer.start(TestServer.clusterNode(dir.resolve("node-b"),
                     dir.resolve("cluster.key"), catalog, "node-b"))) {
            TestIdentities throughA = new TestIdentities(a);
            Signer user = throughA.createUser(throughA.operator(), "roaming",
                    TestIdentities.allow("backup:List*", "*"));
            setPassword(throughA.operator(), user.arn(), "roaming-password");
            Browser onA = signIn(a.server.endpoint(), Account.DEFAULT_ACCOUNT, "roaming", "roaming-password");
            Browser onB = new Browser(b.server.endpoint(), onA.cookie(), onA.csrf(), onA.identity());

            assertThat(ok(onB.send("GET", "/backup-vaults/", null)).get("BackupVaultList")).isEmpty();
            assertThat(ok(onB.send("GET", "/console/api/session", null, null)).get("PrincipalArn").stringValue())
                    .isEqualTo(user.arn());
            assertThat(onB.send("GET", "/backup-vaults/", null, "forged").statusCode()).isEqualTo(403);

            String token = onA.cookie().substring(onA.cookie().indexOf('=') + 1);
            Identities identities = b.server.deployment().identities();
            assertThat(identities.consoleSession(token)).isEmpty();
            assertThat(identities.consoleSession(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII))))).hasValueSatisfying(stored -> {
                        assertThat(stored.principalArn()).isEqualTo(user.arn());
                        assertThat(stored.csrfToken()).isEqualTo(onA.csrf());
                    });

            ok(onB.send("POST", "/console/api/sign-out", ""));
            HttpResponse<String> signedOut = onA.send("GET", "/backup-vaults/", null);
            assertThat(signedOut.statusCode()).isEqualTo(403);
            assertThat(signedOut.headers().firstValue("x-amzn-ErrorType")).hasValue("ExpiredTokenException");
        }
    }

    /** A new user of root's account that may only list, signed in to the console with its password. */
    private Browser signedInLister(Signer root, String userName) {
        Signer user = ids.createUser(root, userName, TestIdentities.allow("backup:List*", "*"));
        setPassword(root, user.arn(), userName + "-password");
        return signIn(hokan.server.endpoint(), root.accountId(), userName, userName + "-password");
    }

    private static String passwordPath(String principalArn) {
        return "/hokan/v1/admin/principals/" + encode(principalArn) + "/console-password";
    }

    private static void setPassword(Signer admin, String principalArn, String password) {
        ok(admin.signed("POST", passwordPath(principalArn), JSON.writeValueAsString(Map.of("Password", password))));
    }

    private static Browser signIn(URI endpoint, String accountId, String userName, String password) {
        HttpResponse<String> response = signInResponse(endpoint, accountId, userName, password);
        JsonNode identity = ok(response);
        return new Browser(endpoint, ConsoleSessions.COOKIE + "=" + cookieValue(response),
                identity.get("CsrfToken").stringValue(), identity);
    }

    private static HttpResponse<String> signInResponse(URI endpoint, String accountId, String userName,
                                                       String password) {
        Map<String, String> body = userName == null ? Map.of("AccountId", accountId, "Password", password)
                : Map.of("AccountId", accountId, "UserName", userName, "Password", password);
        return exchange(HttpRequest.newBuilder(endpoint.resolve("/console/api/sign-in"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private static String cookieValue(HttpResponse<String> response) {
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
