package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped alert rules pass their unit tests ({@code promtool test rules}), and a real Prometheus server (Debian's
 * {@code prometheus} package, which ./run-tests installs) scrapes a running Hokan with them loaded and answers its
 * query API with Hokan's values.
 */
class PrometheusTest {
    private static final Path RULES = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/prometheus");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TestServer hokan;

    @BeforeAll
    static void startServer() {
        hokan = TestServer.startWithMetrics(dir.resolve("data"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        hokan.close();
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        Run checked = run(RULES, "promtool", "check", "rules", "hokan-alerts.yml");
        assertThat(checked.status()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS: 4 rules found");
        Run tested = run(RULES, "promtool", "test", "rules", "hokan-alerts-test.yml");
        assertThat(tested.status()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("SUCCESS");
    }

    @Test
    void prometheusScrapesHokanAndAnswersWithItsValues() throws Exception {
        hokan.backup.createBackupVault(r -> r.backupVaultName("scraped"));
        String arn = hokan.registerDirectory("scraped", Trees.sample(dir.resolve("scraped"), 1), "{}");
        String job = hokan.backup.startBackupJob(r -> r.backupVaultName("scraped").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        assertThat(BackupRestoreTest.awaitBackupOn(hokan.backup, job).state()).isEqualTo(BackupJobState.COMPLETED);
        hokan.advanceClock(Duration.ofHours(2));

        URI metrics = hokan.server.metricsEndpoint().orElseThrow();
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: hokan
                    static_configs:
                      - targets: ['%s:%d']
                """.formatted(RULES.resolve("hokan-alerts.yml"), metrics.getHost(), metrics.getPort()));
        Process prometheus = new ProcessBuilder(tool("prometheus"), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
            String cell = "account=\"000000000000\",region=\"us-east-1\"";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> query(api, "hokan_vault_recovery_points{vault=\"scraped\"}").isPresent());
            assertThat(query(api, "up{job=\"hokan\"}")).hasValue(1.0);
            assertThat(query(api, "hokan_vault_recovery_points{" + cell + ",vault=\"scraped\"}")).hasValue(1.0);
            assertThat(query(api, "hokan_resource_newest_recovery_point_age_seconds{resource_arn=\"" + arn + "\"}"))
                    .hasValue((double) Duration.ofHours(2).toSeconds());
            assertThat(query(api, "sum(hokan_jobs_ended_total{job_type=\"backup\",state=\"COMPLETED\"})"))
                    .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(1.0));
            assertThat(query(api, "sum(hokan_api_requests_total{operation=\"StartBackupJob\",status=\"200\"})"))
                    .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(1.0));
            JsonNode rules = get(api.resolve("rules"));
            assertThat(rules.path("data").path("groups").get(0).path("rules").size()).isEqualTo(4);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /** The value of an instant query's only series, if it has one. */
    private static Optional<Double> query(URI api, String promql) throws Exception {
        JsonNode answer = get(api.resolve("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("success");
        JsonNode result = answer.path("data").path("result");
        assertThat(result.size()).as(answer.toString()).isLessThanOrEqualTo(1);
        return result.isEmpty() ? Optional.empty()
                : Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asString()));
    }

    private static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Run(int status, String output) {
    }

    private static Run run(Path in, String... command) throws Exception {
        command[0] = tool(command[0]);
        Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    /** Debian's prometheus package puts both tools in /usr/bin. */
    private static String tool(String name) {
        Path path = Path.of("/usr/bin", name);
        assertThat(Files.isExecutable(path)).as(path + " is missing: install Debian's prometheus package"
                + " (./run-tests does)").isTrue();
        return path.toString();
    }
}
