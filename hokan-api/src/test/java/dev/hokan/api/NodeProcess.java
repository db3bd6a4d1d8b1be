package dev.hokan.api;

import static dev.hokan.api.TestIdentities.ok;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.backup.BackupClient;
import tools.jackson.databind.JsonNode;

/** A {@link ClusterNodeProcess} run by a test, with clients for it; the test kills, pauses and resumes it. */
final class NodeProcess implements AutoCloseable {
    final String nodeId;
    final BackupClient backup;
    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    private NodeProcess(String nodeId, Process process, URI endpoint) {
        this.nodeId = nodeId;
        this.process = process;
        this.endpoint = endpoint;
        this.backup = TestServer.client(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY, "us-east-1");
    }

    /**
     * Starts node {@code nodeId} with its data directory under {@code dir}, the catalog at {@code catalogUrl}, the
     * vaults under {@code storage} and the master key {@code masterKey}, claiming jobs for {@code leaseSeconds}; its
     * log goes to {@code NODE_ID.log} in {@code dir}.
     */
    static NodeProcess start(Path dir, String catalogUrl, Path storage, Path masterKey, String nodeId,
                             long leaseSeconds) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ClusterNodeProcess.class.getName(),
                dir.resolve(nodeId).toString(), catalogUrl, storage.toString(), masterKey.toString(), nodeId,
                Long.toString(leaseSeconds)));
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve(nodeId + ".log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IllegalStateException("Node " + nodeId + " did not start: " + Files.readString(
                    dir.resolve(nodeId + ".log")));
        }
        return new NodeProcess(nodeId, process, URI.create("http://127.0.0.1:" + line.substring(5)));
    }

    HttpResponse<String> signed(String method, String pathAndQuery, String body) {
        return signedAs(TestServer.ACCESS_KEY, TestServer.SECRET_KEY, method, pathAndQuery, body);
    }

    /** A request signed with another account's or user's key. */
    HttpResponse<String> signedAs(String accessKey, String secret, String method, String pathAndQuery, String body) {
        try {
            return http.send(TestServer.signedRequest(endpoint.resolve(pathAndQuery), accessKey, secret, "us-east-1",
                    Clock.systemUTC(), method, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client signing with another account's or user's key. */
    BackupClient client(String accessKey, String secret) {
        return TestServer.client(endpoint, accessKey, secret, "us-east-1");
    }

    /** The IDs of the jobs {@code node} holds claims on, as this node sees them. */
    List<String> heldJobsOf(String node) {
        return ok(signed("GET", "/hokan/v1/nodes", null)).get("Nodes").valueStream()
                .filter(n -> n.get("NodeId").stringValue().equals(node))
                .flatMap(n -> n.get("HeldJobs").valueStream()).map(j -> j.get("JobId").stringValue()).toList();
    }

    /** The events of {@code type} that name the backup job {@code jobId}. */
    long backupJobEvents(String type, String jobId) {
        return jobEvents(type, "BackupJobId", jobId);
    }

    /** The events of {@code type} whose detail {@code idDetail} is {@code jobId}. */
    long jobEvents(String type, String idDetail, String jobId) {
        JsonNode events = ok(signed("GET", "/hokan/v1/events?type=" + type + "&maxResults=1000", null)).get("Events");
        return events.valueStream().filter(e -> jobId.equals(e.path("Details").path(idDetail).asString())).count();
    }

    /** Sends the process a signal: KILL, STOP or CONT. */
    void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
        if (name.equals("KILL")) {
            process.waitFor();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        backup.close();
    }
}
