package dev.hokan.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP endpoint of an SNS subscription on loopback, as a subscriber writes one: it checks every message's
 * signature with the certificate fetched from its SigningCertURL, confirms its subscription by visiting the
 * SubscribeURL (unless the test confirms through ConfirmSubscription), and keeps the notifications it got. It can stop
 * and start again on the same port.
 */
final class SnsReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final boolean confirms;
    private final List<JsonNode> confirmations = new CopyOnWriteArrayList<>();
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> rawBodies = new CopyOnWriteArrayList<>();
    private Server server;
    private ServerConnector connector;

    private SnsReceiver(int port, boolean confirms) throws IOException {
        this.port = port;
        this.confirms = confirms;
        start();
    }

    static SnsReceiver start(int port) throws IOException {
        return new SnsReceiver(port, true);
    }

    /** A receiver that keeps the confirmation requests it gets and visits none of their SubscribeURLs. */
    static SnsReceiver notConfirming() throws IOException {
        return new SnsReceiver(0, false);
    }

    void start() throws IOException {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(receive(request));
                response.write(true, ByteBuffer.allocate(0), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("The receiver did not start on port " + port, e);
        }
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    List<JsonNode> notifications() {
        return List.copyOf(notifications);
    }

    /** The messages of the notifications, in the order they arrived. */
    List<String> messages() {
        return notifications.stream().map(n -> n.get("Message").asString()).toList();
    }

    /** The SubscriptionConfirmation requests it got, checked but not visited: see {@link #notConfirming()}. */
    List<JsonNode> confirmations() {
        return List.copyOf(confirmations);
    }

    List<String> rawBodies() {
        return List.copyOf(rawBodies);
    }

    /** What was wrong with what arrived: bad signatures, failed confirmations. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Takes one delivery; answers its HTTP status. */
    private int receive(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readAllBytes();
            String type = request.getHeaders().get("x-amz-sns-message-type");
            if ("true".equals(request.getHeaders().get("x-amz-sns-rawdelivery"))) {
                rawBodies.add(new String(body, StandardCharsets.UTF_8));
            } else {
                JsonNode message = JSON.readTree(body);
                if (!message.get("Type").asString().equals(type)) {
                    problems.add("header type " + type + " but body type " + message.get("Type"));
                }
                verify(message);
                if (type.equals("SubscriptionConfirmation") && !confirms) {
                    confirmations.add(message);
                } else if (type.equals("SubscriptionConfirmation")) {
                    HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(
                            URI.create(message.get("SubscribeURL").asString())).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (confirmed.statusCode() != 200 || !confirmed.body().contains("<SubscriptionArn>")) {
                        problems.add("confirmation answered " + confirmed.statusCode() + ": " + confirmed.body());
                    }
                } else {
                    notifications.add(message);
                }
            }
            return 200;
        } catch (Exception e) {
            problems.add(e.toString());
            return 500;
        }
    }

    /** Checks the signature as SNS's documents tell subscribers to: the canonical string, the fetched certificate. */
    private void verify(JsonNode m) throws Exception {
        List<String> fields = m.get("Type").asString().equals("Notification")
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            if (m.has(field)) {
                canonical.append(field).append('\n').append(m.get(field).asString()).append('\n');
            }
        }
        byte[] pem = HTTP.send(HttpRequest.newBuilder(URI.create(m.get("SigningCertURL").asString())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey());
        String version = m.get("SignatureVersion").asString();
        Signature signature = Signature.getInstance(version.equals("2") ? "SHA256withRSA" : "SHA1withRSA");
        signature.initVerify(certificate);
        signature.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        if (!signature.verify(Base64.getDecoder().decode(m.get("Signature").asString()))) {
            problems.add("bad signature (version " + version + ") on " + m);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A free loopback port, for a receiver that starts later. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
