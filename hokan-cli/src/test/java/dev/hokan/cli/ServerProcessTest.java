package dev.hokan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.api.HokanClient;
import dev.hokan.engine.iam.KeyPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code hokan server} as its own process, as an operator runs it: what the first start prints (even when the first
 * attempt failed), and the one-line log on stderr.
 */
class ServerProcessTest {
    private static final Pattern LISTENING = Pattern.compile("Hokan is listening on (http://\\S+) ");
    private static final Pattern EXPORT = Pattern.compile(
            "^  export AWS_ACCESS_KEY_ID=(\\S+) AWS_SECRET_ACCESS_KEY=(\\S+) AWS_DEFAULT_REGION=us-east-1$");

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Started(Process process, URI endpoint, List<String> out, Path err) {
    }

    private ProcessBuilder server(String port, String name) {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.hokan.cli.Main",
                "server", "--data-dir", dir.resolve("data").toString(), "--bind", "127.0.0.1", "--port", port);
        builder.environment().keySet().removeIf(k -> k.startsWith("HOKAN_") || k.startsWith("AWS_"));
        return builder.redirectError(dir.resolve(name + ".err").toFile());
    }

    /** Starts the server and reads its stdout up to the line saying where it listens. */
    private Started start(String name) throws IOException {
        Process process = server("0", name).start();
        started.add(process);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            out.add(line);
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                return new Started(process, URI.create(listening.group(1)), out, dir.resolve(name + ".err"));
            }
        }
        throw new AssertionError("the server ended without listening: " + out + "\n"
                + Files.readString(dir.resolve(name + ".err")));
    }

    private static void stop(Started server) throws InterruptedException {
        server.process().destroy();
        assertTrue(server.process().waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
    }

    @Test
    void aFailedFirstStartLeavesTheKeysToTheNextStartWhichShowsThemOnce() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process failed = server(Integer.toString(taken.getLocalPort()), "failed")
                    .redirectOutput(dir.resolve("failed.out").toFile()).start();
            started.add(failed);
            assertTrue(failed.waitFor(2, TimeUnit.MINUTES), "a start on a port in use must end");
            String out = Files.readString(dir.resolve("failed.out"));
            assertNotEquals(0, failed.exitValue(), out);
            assertFalse(out.contains("AWS_SECRET_ACCESS_KEY"), out);
            assertTrue(Files.exists(data.resolve("root-credentials")), "the failed start created the credentials");
        }
        String consolePassword = Files.readString(data.resolve("root-console-password"));

        Started first = start("first");
        Properties stored = new Properties();
        try (var reader = Files.newBufferedReader(data.resolve("root-credentials"))) {
            stored.load(reader);
        }
        String keyId = stored.getProperty("accessKeyId");
        String secret = stored.getProperty("secretAccessKey");
        assertTrue(first.out().contains("Created the master key " + data.toAbsolutePath().resolve("master.key") + "."),
                first.out().toString());
        assertTrue(first.out().stream().map(EXPORT::matcher).anyMatch(m -> m.matches() && m.group(1).equals(keyId)
                && m.group(2).equals(secret)), first.out().toString());
        assertTrue(first.out().contains("  export AWS_ENDPOINT_URL=" + first.endpoint()), first.out().toString());
        assertTrue(first.out().contains("  aws configure set profile.hokan.endpoint_url " + first.endpoint()),
                first.out().toString());
        assertFalse(first.out().stream().anyMatch(l -> l.contains("aws configure set aws_")),
                "never the default profile: " + first.out());
        assertTrue(first.out().contains("The web console, " + first.endpoint() + "/console/: sign in with account"
                + " 000000000000, no user name (the root user) and the password " + consolePassword + " (shown only"
                + " this once; change it with hokan admin set-console-password)."), first.out().toString());
        stop(first);
        assertFalse(Files.exists(data.resolve("root-console-password")), "told: the password is no longer kept");

        Started again = start("again");
        assertFalse(String.join("\n", again.out()).contains(secret), again.out().toString());
        assertFalse(String.join("\n", again.out()).contains("Created the master key"), again.out().toString());
        assertFalse(String.join("\n", again.out()).contains(consolePassword), again.out().toString());
        stop(again);
    }

    @Test
    void aReportS3EndpointWithoutCredentialsIsRefusedAtStart() throws Exception {
        ProcessBuilder builder = server("0", "reports");
        builder.command().addAll(List.of("--report-s3-endpoint", "http://127.0.0.1:9"));
        Process refused = builder.redirectOutput(dir.resolve("reports.out").toFile()).start();
        started.add(refused);
        assertTrue(refused.waitFor(2, TimeUnit.MINUTES), "a refused start must end");
        assertNotEquals(0, refused.exitValue());
        String err = Files.readString(dir.resolve("reports.err"));
        assertTrue(err.contains("--report-s3-endpoint needs credentials"), err);
    }

    @Test
    void backupJobsAndRefusedAdminActionsAreLoggedOneLineEachOnStderr() throws Exception {
        Started server = start("log");
        Matcher export = server.out().stream().map(EXPORT::matcher).filter(Matcher::matches).findFirst().orElseThrow();
        HokanClient operator = new HokanClient(server.endpoint(), new KeyPair(export.group(1), export.group(2)),
                "us-east-1");
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("index.html"), "hello");
        operator.call("PUT", "/backup-vaults/logged", "{}");
        String resourceArn = operator.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
        String jobId = operator.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"logged\",\"ResourceArn\":\""
                + resourceArn + "\",\"IamRoleArn\":\"arn:aws:iam::000000000000:role/hokan-backup\"}")
                .get("BackupJobId").stringValue();
        JsonNode job = operator.call("GET", "/backup-jobs/" + jobId, null);
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
             !"COMPLETED".equals(job.get("State").stringValue()) && System.nanoTime() < deadline;
             job = operator.call("GET", "/backup-jobs/" + jobId, null)) {
            Thread.sleep(100);
        }
        assertEquals("COMPLETED", job.get("State").stringValue(), job.toString());
        String pointId = job.get("RecoveryPointArn").stringValue().replaceAll(".*:", "");

        JsonNode member = operator.call("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"member\"}");
        HokanClient memberClient = new HokanClient(server.endpoint(), new KeyPair(
                member.get("AccessKeyId").stringValue(), member.get("SecretAccessKey").stringValue()), "us-east-1");
        var refused = assertThrows(HokanClient.HokanCallException.class,
                () -> memberClient.call("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"sneaky\"}"));
        assertEquals("AccessDeniedException", refused.errorType());
        stop(server);

        List<String> log = Files.readAllLines(server.err());
        String time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
        assertTrue(log.stream().anyMatch(l -> l.matches(time + " INFO jobs: BackupJobStarted BackupJobId=" + jobId
                + " BackupVaultName=logged .*ResourceArn=" + Pattern.quote(resourceArn))), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches(time + " INFO jobs: BackupJobCompleted BackupJobId=" + jobId
                + " .*RecoveryPointId=" + pointId + ".*")),
                String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches(time + " WARNING access: Refused HokanCreateAccount"
                + " \\(request [0-9a-f-]{36}\\): User: arn:aws:iam::" + member.get("AccountId").stringValue()
                + ":root is not authorized .*")), String.join("\n", log));
    }

    @Test
    void anAdvertisedUrlSubscribersCannotUseIsRefusedBeforeTheStart() {
        VaultCommandTest.Run refused = VaultCommandTest.hokan("server", "--data-dir", dir.resolve("data").toString(),
                "--advertised-url", "ftp://backup.example.test");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("The advertised URL must be an http or https URL"), refused.err());
        assertFalse(Files.exists(dir.resolve("data")), "nothing was created");
    }
}
