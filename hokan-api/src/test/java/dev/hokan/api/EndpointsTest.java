package dev.hokan.api;

import static dev.hokan.api.HostPathsTest.assertDenied;
import static dev.hokan.api.HostPathsTest.assertError;
import static dev.hokan.api.HostPathsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.endpoint.EndpointRule;
import dev.hokan.engine.endpoint.HomeEndpoints;
import dev.hokan.storage.s3.testing.S3ProxyProcess;
import dev.hokan.storage.s3.testing.S3Server;
import dev.hokan.store.testing.PostgresCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Network endpoints are the operator's to hand out, as host paths are: a member account cannot have the server
 * connect to a PostgreSQL server, an S3 service or an HTTP subscriber it was not granted (so it cannot probe the
 * operator's network nor back up what sits there), and is refused before any connection is made, with the same
 * answer whether anything listens there or not; grants admit it, revocations stop its next job.
 */
class EndpointsTest extends ServerTestBase {
    private static final String HOME = "000000000000";
    private static PostgresCluster cluster;
    private static Path pgHome;
    private static S3ProxyProcess s3proxy;
    private static CountingTcpProxy proxy;
    private static S3Client s3;
    private static Listener listener;

    /** A port on loopback that counts the connections made to it, and closes them. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();

        Listener() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket ignored = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = PostgresCluster.start();
        pgHome = PostgresCluster.home();
        s3proxy = S3ProxyProcess.start(dir.resolve("s3proxy"));
        proxy = new CountingTcpProxy(s3proxy.endpoint().getPort());
        s3 = s3proxy.client();
        listener = new Listener();
    }

    /** A new member account, whose root user signs; each test has its own, with grants of its own. */
    private static HostPathsTest.Principal member(String name) {
        JsonNode account = ok(hokan.signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"" + name
                + "\"}"));
        return new HostPathsTest.Principal(account.get("AccountId").stringValue(),
                account.get("AccessKeyId").stringValue(), account.get("SecretAccessKey").stringValue());
    }

    @AfterAll
    static void stop() throws Exception {
        listener.close();
        s3.close();
        proxy.close();
        s3proxy.close();
        cluster.close();
        PostgresCluster.remove(pgHome);
    }

    private static HttpResponse<String> registerPostgres(HostPathsTest.Principal who, String name, String host,
                                                         int port) {
        return who.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"PostgreSQL\",\"ResourceName\":\""
                + name + "\",\"Host\":\"" + host + "\",\"Port\":" + port + ",\"User\":\"postgres\"}");
    }

    private static HttpResponse<String> registerBucket(HostPathsTest.Principal tenant, String name, String bucket,
                                                       Path secret) {
        return tenant.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"S3\",\"ResourceName\":\"" + name
                + "\",\"Endpoint\":\"" + proxy.endpoint() + "\",\"Bucket\":\"" + bucket + "\",\"AccessKeyId\":\""
                + S3Server.ACCESS_KEY_ID + "\",\"SecretAccessKeyFile\":\"" + secret + "\"}");
    }

    private static JsonNode grant(String accountId, String network, Integer port, String kind) {
        return ok(hokan.signed("POST", "/hokan/v1/admin/endpoints", "{\"AccountId\":\"" + accountId
                + "\",\"Network\":\"" + network + "\"" + (port == null ? "" : ",\"Port\":" + port) + ",\"Kind\":\""
                + kind + "\"}")).get("Endpoints");
    }

    private static void revoke(String accountId, String network, int port, String kind) {
        ok(hokan.signed("DELETE", "/hokan/v1/admin/endpoints?AccountId=" + accountId + "&Network="
                + HostPathsTest.encode(network) + "&Port=" + port + "&Kind=" + kind, null));
    }

    private static String refusal(String accountId, int port, String kind, String rules) {
        return "Endpoint 127.0.0.1:" + port + " is not granted to account " + accountId + " for " + kind + rules
                + "; the operator grants endpoints with hokan admin grant-endpoint";
    }

    @Test
    void aMemberReachesAPostgresServerOnlyWhileGrantedAndNeverAnotherPort() {
        HostPathsTest.Principal tenant = member("pg-tenant");
        String none = refusal(tenant.accountId(), cluster.port(), "POSTGRESQL", ", which has none");
        assertDenied(registerPostgres(tenant, "db", "127.0.0.1", cluster.port()), none);
        assertDenied(registerPostgres(tenant, "probe", "127.0.0.1", listener.port()), refusal(tenant.accountId(),
                listener.port(), "POSTGRESQL", ", which has none"));
        assertThat(listener.accepted()).as("no connection attempt").isZero();

        JsonNode granted = grant(tenant.accountId(), "127.0.0.1", cluster.port(), "POSTGRESQL");
        assertThat(granted.findValuesAsString("Network")).containsExactly("127.0.0.1/32");
        assertThat(granted.findValuesAsString("GrantedBy")).containsExactly("arn:aws:iam::" + HOME + ":root");
        ok(registerPostgres(tenant, "db", "127.0.0.1", cluster.port()));
        assertDenied(registerPostgres(tenant, "probe", "127.0.0.1", listener.port()), refusal(tenant.accountId(),
                listener.port(), "POSTGRESQL", " (127.0.0.1/32:" + cluster.port() + ")"));
        assertThat(listener.accepted()).as("no connection attempt on another port").isZero();
        String arn = "arn:aws:hokan:us-east-1:" + tenant.accountId() + ":postgresql/db";
        DescribeBackupJobResponse backedUp = tenant.backUp(arn);
        assertThat(backedUp.state()).as(backedUp.statusMessage()).isEqualTo(BackupJobState.COMPLETED);

        revoke(tenant.accountId(), "127.0.0.1/32", cluster.port(), "POSTGRESQL");
        DescribeBackupJobResponse refused = tenant.backUp(arn);
        assertThat(refused.state()).isEqualTo(BackupJobState.FAILED);
        assertThat(refused.statusMessage()).isEqualTo(none);
        assertThat(ok(hokan.signed("GET", "/hokan/v1/events?type=EndpointGranted", null)).get("Events").toString())
                .contains("127.0.0.1/32:" + cluster.port());
        JsonNode revoked = ok(hokan.signed("GET", "/hokan/v1/events?type=EndpointRevoked", null)).get("Events");
        assertThat(revoked.findValuesAsString("Actor")).contains("arn:aws:iam::" + HOME + ":root");
        assertThat(revoked.toString()).contains("127.0.0.1/32:" + cluster.port());
    }

    @Test
    void aHostNameIsJudgedByTheAddressesItResolvesTo() {
        HostPathsTest.Principal tenant = member("dns-tenant");
        grant(tenant.accountId(), "127.0.0.2/32", null, "ANY");
        assertDenied(registerPostgres(tenant, "by-name", "localhost", listener.port()), "Endpoint localhost:"
                + listener.port() + " is not granted to account " + tenant.accountId() + " for POSTGRESQL (");
        assertDenied(registerPostgres(tenant, "unknown", "no-such-host.invalid", listener.port()), "Endpoint"
                + " no-such-host.invalid:" + listener.port() + " is not granted to account " + tenant.accountId());
        assertThat(listener.accepted()).isZero();
    }

    @Test
    void aMemberReachesAnS3ServiceOnlyWhileGrantedForS3() throws IOException {
        HostPathsTest.Principal tenant = member("s3-tenant");
        s3.createBucket(r -> r.bucket("tenant-bucket"));
        Path secrets = Files.createDirectories(dir.resolve("tenant-secrets"));
        Path secret = Files.writeString(secrets.resolve("s3"), S3Server.SECRET_ACCESS_KEY + "\n");
        hokan.grantHostPath(tenant.accountId(), secrets, "SOURCE");
        int port = proxy.endpoint().getPort();
        String none = refusal(tenant.accountId(), port, "S3", ", which has none");
        assertDenied(registerBucket(tenant, "bucket", "tenant-bucket", secret), none);
        grant(tenant.accountId(), "127.0.0.1/32", port, "POSTGRESQL");
        assertDenied(registerBucket(tenant, "bucket", "tenant-bucket", secret), refusal(tenant.accountId(), port, "S3",
                ", which has none"));
        assertThat(proxy.count("[A-Z]+ .*")).as("nothing reached the service").isZero();

        grant(tenant.accountId(), "127.0.0.0/8", port, "S3");
        ok(registerBucket(tenant, "bucket", "tenant-bucket", secret));
        String arn = "arn:aws:hokan:us-east-1:" + tenant.accountId() + ":s3/bucket";
        String point = tenant.pointOf(arn);

        revoke(tenant.accountId(), "127.0.0.0/8", port, "S3");
        int before = proxy.count("[A-Z]+ .*");
        DescribeBackupJobResponse refused = tenant.backUp(arn);
        assertThat(refused.state()).isEqualTo(BackupJobState.FAILED);
        assertThat(refused.statusMessage()).isEqualTo(none);
        String restore = HostPathsTest.deniedMessage(catchThrowableOfType(BackupException.class, () -> tenant.backup()
                .startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of("DestinationBucketName",
                        "tenant-restored", "NewBucket", "true")))));
        assertThat(restore).isEqualTo(none);
        assertThat(proxy.count("[A-Z]+ .*")).as("nothing reached the service after the revocation").isEqualTo(before);
    }

    @Test
    void aMembersHttpSubscriptionsNeedAGrantForSns() throws Exception {
        HostPathsTest.Principal tenant = member("sns-tenant");
        try (SnsReceiver receiver = SnsReceiver.start(0)) {
            String topic = NotificationsTest.ok(sns(tenant, "create-topic", "--name", "tenant-alerts")).json()
                    .get("TopicArn").asString();
            AwsCliTest.Result refused = sns(tenant, "subscribe", "--topic-arn", topic, "--protocol", "http",
                    "--notification-endpoint", receiver.endpoint());
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("AuthorizationError").contains(refusal(tenant.accountId(),
                    receiver.port(), "SNS", ", which has none"));
            assertThat(subscriptions(tenant, topic)).isEmpty();

            grant(tenant.accountId(), "127.0.0.1/32", receiver.port(), "SNS");
            NotificationsTest.ok(sns(tenant, "subscribe", "--topic-arn", topic, "--protocol", "http",
                    "--notification-endpoint", receiver.endpoint()));
            await().atMost(Duration.ofSeconds(30)).until(() -> subscriptions(tenant, topic)
                    .findValuesAsString("SubscriptionArn").stream().noneMatch("PendingConfirmation"::equals));
            NotificationsTest.ok(sns(tenant, "publish", "--topic-arn", topic, "--message", "granted"));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.messages().contains("granted"));

            revoke(tenant.accountId(), "127.0.0.1/32", receiver.port(), "SNS");
            NotificationsTest.ok(sns(tenant, "publish", "--topic-arn", topic, "--message", "revoked"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ok(tenant.signed("GET", "/hokan/v1/deliveries", null))
                    .get("Deliveries").findValuesAsString("LastError").stream().anyMatch(e -> e != null
                            && e.startsWith(refusal(tenant.accountId(), receiver.port(), "SNS", ", which has none"))));
            assertThat(receiver.messages()).doesNotContain("revoked");
        }
    }

    private static JsonNode subscriptions(HostPathsTest.Principal tenant, String topic) throws Exception {
        return NotificationsTest.ok(sns(tenant, "list-subscriptions-by-topic", "--topic-arn", topic)).json()
                .get("Subscriptions");
    }

    private static AwsCliTest.Result sns(HostPathsTest.Principal tenant, String... args)
            throws IOException, InterruptedException {
        return AwsCliTest.awsServiceAt(hokan.server.endpoint(), tenant.accessKey(), tenant.secret(), "us-east-1", dir,
                "sns", args);
    }

    @Test
    void onlyTheOperatorHandsOutEndpoints() {
        HostPathsTest.Principal tenant = member("tenant");
        String body = "{\"AccountId\":\"" + tenant.accountId() + "\",\"Network\":\"0.0.0.0/0\",\"Kind\":\"ANY\"}";
        assertDenied(tenant.signed("POST", "/hokan/v1/admin/endpoints", body), "User: arn:aws:iam::"
                + tenant.accountId() + ":root is not authorized to perform: hokan:GrantEndpoint on resource: * because"
                + " it acts on the whole deployment, which only the operator (principals of the home account " + HOME
                + ") may");
        assertDenied(tenant.signed("GET", "/hokan/v1/admin/endpoints", null), "hokan:ListEndpoints");
        assertDenied(tenant.signed("DELETE", "/hokan/v1/admin/endpoints?AccountId=" + tenant.accountId()
                + "&Network=0.0.0.0/0&Kind=ANY", null), "hokan:RevokeEndpoint");
        Credentials intern = hokan.homeUser("net-intern", "backup:*", "hokan:RegisterResource");
        assertDenied(hokan.signedAs(intern.accessKeyId(), intern.secretAccessKey(), "us-east-1", "POST",
                "/hokan/v1/admin/endpoints", body), "User: arn:aws:iam::" + HOME + ":user/net-intern is not"
                + " authorized to perform: hokan:GrantEndpoint on resource: *");
        JsonNode listed = ok(hokan.signed("GET", "/hokan/v1/admin/endpoints", null));
        assertThat(listed.get("Endpoints").findValuesAsString("Network")).doesNotContain("0.0.0.0/0");
        assertThat(listed.get("HomeAccount").get("Confined").booleanValue()).isFalse();
    }

    @Test
    void grantsAreChecked() {
        HostPathsTest.Principal tenant = member("checked-tenant");
        String account = "{\"AccountId\":\"" + tenant.accountId() + "\",";
        assertError(hokan.signed("POST", "/hokan/v1/admin/endpoints", account + "\"Network\":\"10.0.0.0/33\","
                + "\"Kind\":\"ANY\"}"), "InvalidParameterValueException", "Network 10.0.0.0/33 has a prefix length"
                + " that is not between 0 and 32");
        assertError(hokan.signed("POST", "/hokan/v1/admin/endpoints", account + "\"Network\":\"not a host\","
                + "\"Kind\":\"ANY\"}"), "InvalidParameterValueException", "is not an IP address, a CIDR block");
        assertError(hokan.signed("POST", "/hokan/v1/admin/endpoints", account + "\"Network\":\"10.0.0.0/8\","
                + "\"Port\":70000,\"Kind\":\"ANY\"}"), "InvalidParameterValueException", "Port 70000 is not between"
                + " 1 and 65535");
        assertError(hokan.signed("POST", "/hokan/v1/admin/endpoints", account + "\"Network\":\"10.0.0.0/8\","
                + "\"Kind\":\"FTP\"}"), "InvalidParameterValueException", "Kind must be one of [POSTGRESQL, S3, SNS,"
                + " ANY], not FTP");
        assertError(hokan.signed("POST", "/hokan/v1/admin/endpoints", account + "\"Network\":\"10.0.0.0/8\"}"),
                "MissingParameterValueException", "Kind");
        assertError(hokan.signed("POST", "/hokan/v1/admin/endpoints", "{\"AccountId\":\"999999999999\","
                + "\"Network\":\"10.0.0.0/8\",\"Kind\":\"ANY\"}"), "ResourceNotFoundException", "Account 999999999999");
        JsonNode masked = grant(tenant.accountId(), "10.1.2.3/8", null, "ANY");
        assertThat(masked.findValuesAsString("Network")).contains("10.0.0.0/8");
        assertError(hokan.signed("DELETE", "/hokan/v1/admin/endpoints?AccountId=" + tenant.accountId()
                + "&Network=10.0.0.0/8&Port=5432&Kind=ANY", null), "ResourceNotFoundException", "Account "
                + tenant.accountId() + " has no grant of endpoint 10.0.0.0/8:5432 for ANY");
        ok(hokan.signed("DELETE", "/hokan/v1/admin/endpoints?AccountId=" + tenant.accountId()
                + "&Network=10.0.0.0/8&Kind=ANY", null));
    }

    @Test
    void aConfinedHomeAccountReachesOnlyItsEndpoints() throws Exception {
        HomeEndpoints confined = HomeEndpoints.confined(List.of(EndpointRule.parse("127.0.0.1:" + cluster.port())));
        try (TestServer server = TestServer.start(TestServer.clusterNode(dir.resolve("confined-data"),
                dir.resolve("confined.key"), CatalogLocation.EMBEDDED, "local").withHomeEndpoints(confined))) {
            HttpResponse<String> refused = server.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":"
                    + "\"PostgreSQL\",\"ResourceName\":\"probe\",\"Host\":\"127.0.0.1\",\"Port\":" + listener.port()
                    + ",\"User\":\"postgres\"}");
            assertDenied(refused, "Endpoint 127.0.0.1:" + listener.port() + " is not granted to account " + HOME
                    + " for POSTGRESQL (127.0.0.1/32:" + cluster.port() + "); the operator grants endpoints with"
                    + " hokan admin grant-endpoint, or starts the server with --allowed-endpoints");
            assertThat(listener.accepted()).isZero();
            ok(server.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"PostgreSQL\",\"ResourceName\":"
                    + "\"db\",\"Host\":\"127.0.0.1\",\"Port\":" + cluster.port() + ",\"User\":\"postgres\"}"));
            JsonNode home = ok(server.signed("GET", "/hokan/v1/admin/endpoints", null)).get("HomeAccount");
            assertThat(home.get("Confined").booleanValue()).isTrue();
            assertThat(home.get("AllowedEndpoints").toString()).isEqualTo("[\"127.0.0.1/32:" + cluster.port() + "\"]");
        }
    }
}
