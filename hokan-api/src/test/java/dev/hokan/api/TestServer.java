package dev.hokan.api;

import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.Account;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.CatalogMigration;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.storage.s3.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Hokan server on a free loopback port with a manual clock, plus clients for it. Its catalogs are SQLite
 * files in its data directory or, when the tests run with {@code -Dhokan.test.catalog=postgresql}, a PostgreSQL
 * database of that data directory's own (the same one again when a test restarts the server).
 */
final class TestServer implements AutoCloseable {
    private static final String CATALOG_URL = "hokan.test.catalog.url";
    private static final Map<Path, CatalogLocation> DATABASES = new ConcurrentHashMap<>();
    private static final Map<CatalogLocation, Catalogs> OPENED = new ConcurrentHashMap<>();

    static final String ACCESS_KEY = "AKHKTESTTESTTEST0001";
    static final String SECRET_KEY = "test-secret-key-for-hokan-integration-tests";
    static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Path dataDir;
    final HokanServer server;
    final BackupClient backup;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(Path dataDir, HokanServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.backup = client(server.endpoint(), ACCESS_KEY, SECRET_KEY, "us-east-1");
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, 2);
    }

    /** Expired recovery points are deleted right at DeleteAt, so retention tests know when. */
    static TestServer start(Path dataDir, int workers) {
        return start(dataDir, workers, ExpiryWindow.of(Duration.ZERO));
    }

    static TestServer start(Path dataDir, int workers, ExpiryWindow expiryWindow) {
        return start(dataDir, workers, expiryWindow, VaultLocations.under(dataDir,
                StorageBackends.standard(S3Settings.fromEnvironment(null, null, Map.of()))));
    }

    /** A server as {@link #start(Path)} makes it, keeping its vaults where {@code vaults} says. */
    static TestServer start(Path dataDir, VaultLocations vaults) {
        return start(dataDir, 2, ExpiryWindow.of(Duration.ZERO), vaults);
    }

    /** A server as {@link #start(Path)} makes it, with its catalogs where {@code catalog} says. */
    static TestServer start(Path dataDir, CatalogLocation catalog) {
        return start(dataDir, 2, ExpiryWindow.of(Duration.ZERO), VaultLocations.under(dataDir,
                StorageBackends.standard(S3Settings.fromEnvironment(null, null, Map.of()))), catalog);
    }

    /** A server as {@link #start(Path)} makes it, serving Prometheus metrics on a free port of its address. */
    static TestServer startWithMetrics(Path dataDir) {
        return start(dataDir, 2, ExpiryWindow.of(Duration.ZERO), VaultLocations.under(dataDir,
                StorageBackends.standard(S3Settings.fromEnvironment(null, null, Map.of()))), catalogOf(dataDir),
                OptionalInt.of(0));
    }

    private static TestServer start(Path dataDir, int workers, ExpiryWindow expiryWindow, VaultLocations vaults) {
        return start(dataDir, workers, expiryWindow, vaults, catalogOf(dataDir));
    }

    private static TestServer start(Path dataDir, int workers, ExpiryWindow expiryWindow, VaultLocations vaults,
                                    CatalogLocation catalog) {
        return start(dataDir, workers, expiryWindow, vaults, catalog, OptionalInt.empty());
    }

    private static TestServer start(Path dataDir, int workers, ExpiryWindow expiryWindow, VaultLocations vaults,
                                    CatalogLocation catalog, OptionalInt metricsPort) {
        try {
            ServerConfig config = new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.MANUAL,
                    dataDir.resolve("master.key"), new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION),
                    Set.of("us-west-2"), List.of(), workers, expiryWindow, Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY,
                    RootCredentials.SECRET_KEY_ENV, SECRET_KEY), HomeHostRoots.UNCONFINED, vaults, catalog,
                    DeploymentConfig.DEFAULT_NODE_ID);
            return new TestServer(dataDir, HokanServer.start(metricsPort.isPresent()
                    ? config.withMetricsPort(metricsPort.getAsInt()) : config));
        } catch (Exception e) {
            throw new IllegalStateException("Hokan did not start", e);
        }
    }

    /** Where the catalogs of a server on {@code dataDir} are, as the tests run (see above). */
    static CatalogLocation catalogOf(Path dataDir) {
        if (System.getProperty(CATALOG_URL) != null) {
            return CatalogLocation.Postgres.parse(System.getProperty(CATALOG_URL), null);
        }
        if (!"postgresql".equals(System.getProperty("hokan.test.catalog"))) {
            return CatalogLocation.EMBEDDED;
        }
        return DATABASES.computeIfAbsent(dataDir.toAbsolutePath(), d -> CatalogBackend.freshDatabase());
    }

    /** The options that make a server process of the tests on {@code dataDir} keep its catalogs where this one does. */
    static List<String> jvmOptions(Path dataDir) {
        return catalogOf(dataDir) instanceof CatalogLocation.Postgres postgres
                ? List.of("-D" + CATALOG_URL + "=" + postgres.url()) : List.of();
    }

    /**
     * Moves the catalogs of a data directory an earlier version made to where {@link #catalogOf} keeps them: into
     * PostgreSQL, as {@code hokan catalog migrate} does, when the tests run there.
     */
    static Path adopted(Path dataDir) throws IOException {
        if (catalogOf(dataDir) instanceof CatalogLocation.Postgres postgres) {
            CatalogMigration.run(dataDir, new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), postgres);
        }
        return dataDir;
    }

    /** The home cell's catalog of a stopped server on {@code dataDir}, wherever {@link #catalogOf} keeps it. */
    static CellCatalog homeCatalog(Path dataDir) {
        return OPENED.computeIfAbsent(catalogOf(dataDir), Catalogs::open).cell(dataDir, Account.DEFAULT_ACCOUNT,
                Account.DEFAULT_REGION);
    }

    /** A node of a cluster on {@code catalog}, with the test's root keys; every node has the cluster's master key. */
    static ServerConfig clusterNode(Path dataDir, Path masterKey, CatalogLocation catalog, String nodeId) {
        return clusterNode(dataDir, masterKey, dataDir, catalog, nodeId);
    }

    /** A node of a cluster as above, whose vaults lie under {@code storage}, which nodes can share. */
    static ServerConfig clusterNode(Path dataDir, Path masterKey, Path storage, CatalogLocation catalog,
                                    String nodeId) {
        return new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.MANUAL, masterKey,
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 2,
                ExpiryWindow.of(Duration.ZERO), Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY,
                RootCredentials.SECRET_KEY_ENV, SECRET_KEY), HomeHostRoots.UNCONFINED,
                VaultLocations.under(storage, StorageBackends.standard(S3Settings.fromEnvironment(null, null, Map.of()))),
                catalog, nodeId);
    }

    /** A server as configured, for tests that need another region, other credentials or remote regions. */
    static TestServer start(ServerConfig config) {
        try {
            if (config.catalogLocation() instanceof CatalogLocation.Embedded) {
                config = new ServerConfig(config.dataDir(), config.bind(), config.port(), config.clockMode(),
                        config.masterKeyFile(), config.account(), config.regions(), config.remoteRegions(),
                        config.workers(), config.expiryWindow(), config.env(), config.homeHostRoots(),
                        config.vaultLocations(), catalogOf(config.dataDir()), config.nodeId(), config.jobLease(),
                        config.catalogBackup(), config.smtpRelay(), config.metricsPort(), config.reportS3(),
                        config.console(), config.advertisedUrl());
            }
            return new TestServer(config.dataDir(), HokanServer.start(config));
        } catch (Exception e) {
            throw new IllegalStateException("Hokan did not start", e);
        }
    }

    static BackupClient client(URI endpoint, String accessKey, String secretKey, String region) {
        return BackupClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(b -> b.maxAttempts(1)).build())
                .build();
    }

    /** A SigV4-signed request of our own, for the extension API and hand-made requests. */
    HttpResponse<String> signed(String method, String pathAndQuery, String body) {
        return signed(method, pathAndQuery, body, SECRET_KEY, Clock.systemUTC());
    }

    HttpResponse<String> signed(String method, String pathAndQuery, String body, String secret, Clock signingClock) {
        return signedAs(ACCESS_KEY, secret, "us-east-1", signingClock, method, pathAndQuery, body);
    }

    /** A request signed with other credentials, for another region. */
    HttpResponse<String> signedAs(String accessKey, String secret, String region, String method, String pathAndQuery,
                                  String body) {
        return signedAs(accessKey, secret, region, Clock.systemUTC(), method, pathAndQuery, body);
    }

    private HttpResponse<String> signedAs(String accessKey, String secret, String region, Clock signingClock,
                                          String method, String pathAndQuery, String body) {
        return send(signedRequest(server.endpoint().resolve(pathAndQuery), accessKey, secret, region, signingClock,
                method, body));
    }

    /** A request to {@code uri} signed with the test's root credentials, for a server in another process. */
    static HttpRequest signedRequest(URI uri, String method, String body) {
        return signedRequest(uri, ACCESS_KEY, SECRET_KEY, "us-east-1", Clock.systemUTC(), method, body);
    }

    static HttpRequest signedRequest(URI uri, String accessKey, String secret, String region,
                                             Clock signingClock, String method, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.valueOf(method))
                .putHeader("Content-Type", "application/json").build();
        SdkHttpRequest request = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(accessKey, secret))
                .request(unsigned)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "backup")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock)).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        request.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    HttpResponse<String> unsigned(String method, String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(server.endpoint().resolve(pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Registers a directory through the extension API and returns its ARN. */
    String registerDirectory(String name, Path path, String tagsJson) {
        HttpResponse<String> r = signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                + "\"ResourceName\":\"" + name + "\",\"Path\":\"" + path + "\",\"Tags\":" + tagsJson + "}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("register failed: " + r.body());
        }
        return "arn:aws:hokan:us-east-1:000000000000:directory/" + name;
    }

    /** The operator lets an account use the host paths under {@code path}: SOURCE, RESTORE or BOTH. */
    void grantHostPath(String accountId, Path path, String use) {
        HttpResponse<String> r = signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + accountId
                + "\",\"Path\":\"" + path + "\",\"Use\":\"" + use + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("grant failed: " + r.body());
        }
    }

    /** A new user of the home account, allowed {@code actions} on every resource, and its access key. */
    Credentials homeUser(String name, String... actions) {
        String arn = "arn:aws:iam::" + Account.DEFAULT_ACCOUNT + ":user/" + name;
        String policy = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Action", List.of(actions), "Resource", "*"))));
        String encoded = URLEncoder.encode(arn, StandardCharsets.UTF_8);
        JsonNode key = JSON.readTree(admitted(signed("POST", "/hokan/v1/admin/accounts/" + Account.DEFAULT_ACCOUNT
                + "/users", "{\"UserName\":\"" + name + "\"}"), signed("PUT", "/hokan/v1/admin/principals/" + encoded
                + "/policies/allowed", JSON.writeValueAsString(Map.of("PolicyDocument", policy))),
                signed("POST", "/hokan/v1/admin/principals/" + encoded + "/access-keys", "")));
        return new Credentials(key.get("AccessKeyId").stringValue(), key.get("SecretAccessKey").stringValue());
    }

    /** The body of the last answer, once every one of them was 200. */
    private static String admitted(HttpResponse<?>... answers) {
        for (HttpResponse<?> answer : answers) {
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("refused: " + answer.body());
            }
        }
        return answers[answers.length - 1].body().toString();
    }

    void advanceClock(Duration d) {
        HttpResponse<String> r = signed("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + d.toSeconds() + "}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("clock failed: " + r.body());
        }
    }

    void setClock(Instant now) {
        HttpResponse<String> r = signed("POST", "/hokan/v1/clock", "{\"Now\":"
                + BigDecimal.valueOf(now.toEpochMilli(), 3).toPlainString() + "}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("clock failed: " + r.body());
        }
    }

    /** Waits until the moves to cold storage (and the cleanups) handed to the server's mover so far have finished. */
    void awaitColdStorage() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.engine().coldStorage().idle());
    }

    @Override
    public void close() throws IOException {
        backup.close();
        server.close();
    }
}
