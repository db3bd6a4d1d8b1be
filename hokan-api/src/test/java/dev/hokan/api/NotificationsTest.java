package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.notification.NotificationChannels;
import dev.hokan.engine.notification.SmtpRelay;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SNS topics, subscriptions and deliveries end to end: the real {@code aws sns} CLI and boto3 against a running
 * server, HTTP receivers on loopback that confirm their subscriptions and check every signature, an SMTP receiver,
 * AWS Backup's vault notifications routed by severity, and a receiver that is down across a restart of Hokan.
 */
class NotificationsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static SmtpReceiver smtp;
    static TestServer hokan;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(AwsCliTest.awsExecutable() != null, "the aws CLI is not installed");
        smtp = new SmtpReceiver();
        hokan = TestServer.start(config(dir.resolve("data")));
    }

    static ServerConfig config(Path dataDir) {
        return config(dataDir, 0);
    }

    static ServerConfig config(Path dataDir, int port) {
        return new ServerConfig(dataDir, "127.0.0.1", port, ClockMode.MANUAL, dataDir.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 2,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH), Map.of(RootCredentials.ACCESS_KEY_ENV, TestServer.ACCESS_KEY,
                RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY))
                .withSmtpRelay(new SmtpRelay("127.0.0.1", smtp.port(), "hokan@example.test"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (hokan != null) {
            hokan.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    static AwsCliTest.Result sns(TestServer server, String... args) throws IOException, InterruptedException {
        return AwsCliTest.awsServiceAt(server.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY,
                "us-east-1", dir, "sns", args);
    }

    static AwsCliTest.Result sns(String... args) throws IOException, InterruptedException {
        return sns(hokan, args);
    }

    static AwsCliTest.Result ok(AwsCliTest.Result result) {
        assertThat(result.exit()).as(result.err()).isZero();
        return result;
    }

    static String createTopic(TestServer server, String name) throws Exception {
        return ok(sns(server, "create-topic", "--name", name)).json().get("TopicArn").asString();
    }

    /** Subscribes the receiver and waits until it has confirmed; returns the subscription's ARN. */
    static String subscribe(TestServer server, String topic, SnsReceiver receiver) throws Exception {
        assertThat(ok(sns(server, "subscribe", "--topic-arn", topic, "--protocol", "http", "--notification-endpoint",
                receiver.endpoint())).json().get("SubscriptionArn").asString()).isEqualTo("pending confirmation");
        List<String> arns = new ArrayList<>();
        await().atMost(ARRIVAL).until(() -> {
            arns.clear();
            ok(sns(server, "list-subscriptions-by-topic", "--topic-arn", topic)).json().get("Subscriptions")
                    .forEach(s -> {
                        if (s.get("Endpoint").asString().equals(receiver.endpoint())) {
                            arns.add(s.get("SubscriptionArn").asString());
                        }
                    });
            return arns.size() == 1 && !arns.getFirst().equals("PendingConfirmation");
        });
        return arns.getFirst();
    }

    static void publish(TestServer server, String topic, String message, String attributesJson) throws Exception {
        List<String> args = new ArrayList<>(List.of("publish", "--topic-arn", topic, "--message", message));
        if (attributesJson != null) {
            args.addAll(List.of("--message-attributes", attributesJson));
        }
        ok(sns(server, args.toArray(String[]::new)));
    }

    @Test
    void topicsSubscriptionsAndSignedDeliveriesThroughTheCli() throws Exception {
        String topic = createTopic(hokan, "alerts");
        assertThat(topic).isEqualTo("arn:aws:sns:us-east-1:000000000000:alerts");
        assertThat(createTopic(hokan, "alerts")).as("CreateTopic is idempotent").isEqualTo(topic);
        ok(sns("set-topic-attributes", "--topic-arn", topic, "--attribute-name", "DisplayName",
                "--attribute-value", "Alerts"));
        JsonNode attributes = ok(sns("get-topic-attributes", "--topic-arn", topic)).json().get("Attributes");
        assertThat(attributes.get("DisplayName").asString()).isEqualTo("Alerts");
        assertThat(attributes.get("Owner").asString()).isEqualTo(Account.DEFAULT_ACCOUNT);
        List<String> listed = new ArrayList<>();
        ok(sns("list-topics")).json().get("Topics").forEach(t -> listed.add(t.get("TopicArn").asString()));
        assertThat(listed).contains(topic);

        try (SnsReceiver receiver = SnsReceiver.start(0)) {
            String subscription = subscribe(hokan, topic, receiver);
            ok(sns("set-subscription-attributes", "--subscription-arn", subscription, "--attribute-name",
                    "FilterPolicy", "--attribute-value", "{\"Severity\":[\"critical\"]}"));
            ok(sns("publish", "--topic-arn", topic, "--subject", "Disk", "--message", "first", "--message-attributes",
                    "{\"Severity\":{\"DataType\":\"String\",\"StringValue\":\"critical\"}}"));
            publish(hokan, topic, "filtered out", "{\"Severity\":{\"DataType\":\"String\",\"StringValue\":\"info\"}}");
            ok(sns("set-topic-attributes", "--topic-arn", topic, "--attribute-name", "SignatureVersion",
                    "--attribute-value", "2"));
            publish(hokan, topic, "second", "{\"Severity\":{\"DataType\":\"String\",\"StringValue\":\"critical\"}}");

            await().atMost(ARRIVAL).until(() -> receiver.messages().size() >= 2);
            assertThat(receiver.messages()).containsExactly("first", "second");
            assertThat(receiver.problems()).isEmpty();
            JsonNode first = receiver.notifications().getFirst();
            assertThat(first.get("Subject").asString()).isEqualTo("Disk");
            assertThat(first.get("TopicArn").asString()).isEqualTo(topic);
            assertThat(first.get("SignatureVersion").asString()).isEqualTo("1");
            assertThat(first.get("MessageAttributes").get("Severity").get("Value").asString()).isEqualTo("critical");
            assertThat(first.get("UnsubscribeURL").asString()).contains("Action=Unsubscribe");
            assertThat(receiver.notifications().get(1).get("SignatureVersion").asString()).isEqualTo("2");

            JsonNode subscriptionAttributes = ok(sns("get-subscription-attributes", "--subscription-arn",
                    subscription)).json().get("Attributes");
            assertThat(subscriptionAttributes.get("FilterPolicy").asString()).isEqualTo("{\"Severity\":[\"critical\"]}");
            assertThat(subscriptionAttributes.get("PendingConfirmation").asString()).isEqualTo("false");
            assertThat(subscriptionAttributes.get("Protocol").asString()).isEqualTo("http");

            AwsCliTest.Result badPolicy = sns("set-subscription-attributes", "--subscription-arn", subscription,
                    "--attribute-name", "FilterPolicy", "--attribute-value", "{\"Severity\":[{\"numeric\":[\"~\",1]}]}");
            assertThat(badPolicy.exit()).isNotZero();
            assertThat(badPolicy.err()).contains("(InvalidParameter)").contains("FilterPolicy");

            ok(sns("unsubscribe", "--subscription-arn", subscription));
            assertThat(ok(sns("list-subscriptions-by-topic", "--topic-arn", topic)).json().get("Subscriptions"))
                    .isEmpty();
        }

        AwsCliTest.Result missing = sns("get-topic-attributes", "--topic-arn",
                "arn:aws:sns:us-east-1:000000000000:nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("(NotFound)").contains("Topic does not exist");
        AwsCliTest.Result fifo = sns("create-topic", "--name", "orders.fifo");
        assertThat(fifo.err()).contains("(InvalidParameter)");

        ok(sns("delete-topic", "--topic-arn", topic));
        assertThat(ok(sns("list-topics")).out()).doesNotContain(topic + "\"");
        JsonNode events = JSON.readTree(hokan.signed("GET", "/hokan/v1/events?type=TopicCreated", null).body());
        assertThat(events.get("Events").get(0).get("Actor").asString()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(hokan.signed("GET", "/hokan/v1/events?type=Unsubscribed", null).body()).contains(topic);
    }

    @Test
    void confirmSubscriptionTakesTheTokenAndListSubscriptionsShowsEveryTopics() throws Exception {
        String topic = createTopic(hokan, "confirmed-by-token");
        String other = createTopic(hokan, "listed-too");
        try (SnsReceiver receiver = SnsReceiver.notConfirming(); SnsReceiver confirming = SnsReceiver.start(0)) {
            subscribe(hokan, other, confirming);
            ok(sns("subscribe", "--topic-arn", topic, "--protocol", "http", "--notification-endpoint",
                    receiver.endpoint()));
            await().atMost(ARRIVAL).until(() -> !receiver.confirmations().isEmpty());
            assertThat(subscriptionsOf(receiver)).containsExactly(topic + " PendingConfirmation");

            AwsCliTest.Result wrong = sns("confirm-subscription", "--topic-arn", topic, "--token", "0123abcd");
            assertThat(wrong.exit()).isNotZero();
            assertThat(wrong.err()).contains("(InvalidParameter)").contains("Invalid token");
            String token = receiver.confirmations().getFirst().get("Token").asString();
            String arn = ok(sns("confirm-subscription", "--topic-arn", topic, "--token", token)).json()
                    .get("SubscriptionArn").asString();
            assertThat(arn).startsWith(topic + ":");
            assertThat(subscriptionsOf(receiver)).containsExactly(topic + " " + arn);
            assertThat(subscriptionsOf(confirming)).singleElement().asString().startsWith(other + " " + other + ":");

            publish(hokan, topic, "confirmed by its token", null);
            await().atMost(ARRIVAL).until(() -> receiver.messages().contains("confirmed by its token"));
            assertThat(receiver.problems()).isEmpty();
            JsonNode confirmed = JSON.readTree(hokan.signed("GET", "/hokan/v1/events?type=SubscriptionConfirmed"
                    + "&resourceArn=" + java.net.URLEncoder.encode(arn, StandardCharsets.UTF_8), null).body());
            assertThat(confirmed.get("Events")).singleElement().satisfies(e -> assertThat(e.get("Actor").asString())
                    .isEqualTo("arn:aws:iam::000000000000:root"));
        }
    }

    /** "TOPIC SUBSCRIPTION_ARN" of each subscription ListSubscriptions shows for the receiver's endpoint. */
    private static List<String> subscriptionsOf(SnsReceiver receiver) throws Exception {
        List<String> found = new ArrayList<>();
        ok(sns("list-subscriptions")).json().get("Subscriptions").forEach(s -> {
            if (s.get("Endpoint").asString().equals(receiver.endpoint())) {
                assertThat(s.get("Protocol").asString()).isEqualTo("http");
                assertThat(s.get("Owner").asString()).isEqualTo(Account.DEFAULT_ACCOUNT);
                found.add(s.get("TopicArn").asString() + " " + s.get("SubscriptionArn").asString());
            }
        });
        return found;
    }

    @Test
    void identityPoliciesAndTopicPoliciesDecide() throws Exception {
        String topic = createTopic(hokan, "guarded");
        Credentials reader = hokan.homeUser("topic-reader", "sns:GetTopicAttributes");
        AwsCliTest.Result refused = AwsCliTest.awsServiceAt(hokan.server.endpoint(), reader.accessKeyId(),
                reader.secretAccessKey(), "us-east-1", dir, "sns", "publish", "--topic-arn", topic, "--message", "x");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("(AuthorizationError)").contains("sns:Publish");
        assertThat(AwsCliTest.awsServiceAt(hokan.server.endpoint(), reader.accessKeyId(), reader.secretAccessKey(),
                "us-east-1", dir, "sns", "get-topic-attributes", "--topic-arn", topic).exit()).isZero();

        ok(sns("set-topic-attributes", "--topic-arn", topic, "--attribute-name", "Policy", "--attribute-value",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::000000000000:user/topic-reader\"},\"Action\":\"sns:Publish\",\"Resource\":\""
                        + topic + "\"}]}"));
        assertThat(AwsCliTest.awsServiceAt(hokan.server.endpoint(), reader.accessKeyId(), reader.secretAccessKey(),
                "us-east-1", dir, "sns", "publish", "--topic-arn", topic, "--message", "x").exit()).isZero();
    }

    @Test
    void onlyTheOperatorListsAnotherAccountsDeliveries() {
        assertThat(hokan.signed("GET", "/hokan/v1/deliveries?accountId=" + Account.DEFAULT_ACCOUNT, null).statusCode())
                .isEqualTo(200);
        JsonNode member = JSON.readTree(hokan.signed("POST", "/hokan/v1/admin/accounts",
                "{\"AccountName\":\"member\",\"AccountId\":\"222233334444\"}").body());
        String secret = member.get("SecretAccessKey").asString();
        String key = member.get("AccessKeyId").asString();
        assertThat(hokan.signedAs(key, secret, "us-east-1", "GET", "/hokan/v1/deliveries", null).statusCode())
                .as("an account lists its own").isEqualTo(200);
        HttpResponse<String> refused = hokan.signedAs(key, secret, "us-east-1", "GET",
                "/hokan/v1/deliveries?accountId=" + Account.DEFAULT_ACCOUNT, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("AccessDeniedException").contains("hokan:ListDeliveries");
        assertThat(hokan.signed("GET", "/hokan/v1/deliveries?accountId=222233334444", null).statusCode())
                .as("the operator lists any account's").isEqualTo(200);
        HttpResponse<String> bad = hokan.signed("GET", "/hokan/v1/deliveries?status=LOST", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidParameterValueException").contains("PENDING");
        assertThat(hokan.signed("GET", "/hokan/v1/deliveries?accountId=12", null).statusCode()).isEqualTo(400);
    }

    @Test
    void boto3RoutesByFilterPoliciesAndPagesTopics() throws Exception {
        assumeTrue(python() != null, "python3 with boto3 is not installed");
        try (SnsReceiver numeric = SnsReceiver.start(0); SnsReceiver team = SnsReceiver.start(0);
             SnsReceiver untenanted = SnsReceiver.start(0); SnsReceiver body = SnsReceiver.start(0)) {
            Path script = Files.writeString(dir.resolve("sns_boto3.py"), BOTO3_SCRIPT);
            ProcessBuilder pb = new ProcessBuilder(python(), script.toString(), hokan.server.endpoint().toString(),
                    numeric.endpoint(), team.endpoint(), untenanted.endpoint(), body.endpoint());
            pb.environment().put("AWS_ACCESS_KEY_ID", TestServer.ACCESS_KEY);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", TestServer.SECRET_KEY);
            pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
            pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("topics paged: 105");

            await().atMost(ARRIVAL).until(() -> numeric.messages().size() >= 2 && team.messages().size() >= 1
                    && untenanted.rawBodies().size() >= 2 && body.messages().size() >= 1);
            Thread.sleep(1000);
            assertThat(numeric.messages()).containsExactly("m1", "m3");
            assertThat(team.messages()).containsExactly("m1");
            assertThat(untenanted.rawBodies()).containsExactly("m1", "m2");
            assertThat(body.messages()).containsExactly("{\"detail\": {\"state\": \"FAILED\"}}");
            assertThat(numeric.notifications().getFirst().get("MessageAttributes").get("size").get("Type").asString())
                    .isEqualTo("Number");
            for (SnsReceiver r : List.of(numeric, team, untenanted, body)) {
                assertThat(r.problems()).isEmpty();
            }
        }
    }

    static String python() {
        for (String candidate : List.of(System.getProperty("user.home") + "/.pyenv/shims/python3", "/usr/bin/python3",
                "/usr/local/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import boto3").start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return null;
    }

    private static final String BOTO3_SCRIPT = """
            import json, sys, time
            import boto3
            endpoint, numeric, team, untenanted, body = sys.argv[1:6]
            sns = boto3.client("sns", endpoint_url=endpoint)
            for i in range(105):
                sns.create_topic(Name="bulk-%03d" % i)
            arns, token = [], None
            while True:
                page = sns.list_topics(**({"NextToken": token} if token else {}))
                arns += [t["TopicArn"] for t in page["Topics"]]
                token = page.get("NextToken")
                if not token:
                    break
            bulk = [a for a in arns if ":bulk-" in a]
            assert len(bulk) == len(set(bulk)), "a topic was listed twice"
            print("topics paged: %d" % len(bulk))
            topic = sns.create_topic(Name="routing")["TopicArn"]
            policies = {
                numeric: ({"size": [{"numeric": [">", 10, "<=", 100]}]}, {}),
                team: ({"env": [{"anything-but": ["test"]}], "team": [{"prefix": "ops"}]}, {}),
                untenanted: ({"tenant": [{"exists": False}]}, {"RawMessageDelivery": "true"}),
                body: ({"detail": {"state": ["FAILED"]}}, {"FilterPolicyScope": "MessageBody"}),
            }
            for endpoint_url, (policy, extra) in policies.items():
                attributes = dict(extra, FilterPolicy=json.dumps(policy))
                sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint_url, Attributes=attributes)
            deadline = time.time() + 60
            while any(s["SubscriptionArn"] == "PendingConfirmation"
                      for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]):
                assert time.time() < deadline, "the receivers did not confirm"
                time.sleep(0.2)
            def s(v): return {"DataType": "String", "StringValue": v}
            def n(v): return {"DataType": "Number", "StringValue": str(v)}
            sns.publish(TopicArn=topic, Message="m1", MessageAttributes={"size": n(50), "env": s("prod"), "team": s("ops-db")})
            sns.publish(TopicArn=topic, Message="m2", MessageAttributes={"size": n(5), "env": s("test"), "team": s("ops")})
            sns.publish(TopicArn=topic, Message="m3", MessageAttributes={"size": n(100), "env": s("prod"), "team": s("dev"), "tenant": s("a")})
            sns.publish(TopicArn=topic, Message=json.dumps({"detail": {"state": "FAILED"}}),
                        MessageAttributes={"tenant": s("x"), "tags": {"DataType": "String.Array", "StringValue": '["a","b"]'}})
            try:
                sns.publish(TopicArn=topic, Message="bad", MessageAttributes={"size": {"DataType": "Number", "StringValue": "ten"}})
                raise SystemExit("a Number attribute that is not a number was taken")
            except sns.exceptions.InvalidParameterException as e:
                print("refused:", e.response["Error"]["Code"])
            """;

    @Test
    void vaultEventsReachOnlyTheSubscriptionsOfTheirSeverity() throws Exception {
        String topic = createTopic(hokan, "backup-events");
        try (SnsReceiver critical = SnsReceiver.start(0); SnsReceiver warning = SnsReceiver.start(0);
             SnsReceiver info = SnsReceiver.start(0)) {
            for (var route : Map.of(critical, "critical", warning, "warning", info, "info").entrySet()) {
                String arn = subscribe(hokan, topic, route.getKey());
                ok(sns("set-subscription-attributes", "--subscription-arn", arn, "--attribute-name", "FilterPolicy",
                        "--attribute-value", "{\"Severity\":[\"" + route.getValue() + "\"]}"));
            }
            assertThat(AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY,
                    "us-east-1", dir, "create-backup-vault", "--backup-vault-name", "watched").exit()).isZero();
            AwsCliTest.Result put = AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                    TestServer.SECRET_KEY, "us-east-1", dir, "put-backup-vault-notifications", "--backup-vault-name",
                    "watched", "--sns-topic-arn", topic, "--backup-vault-events", "BACKUP_JOB_STARTED",
                    "BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED", "EKS_BACKUP_OBJECT_FAILED");
            assertThat(put.exit()).as(put.err()).isZero();
            JsonNode got = AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY,
                    "us-east-1", dir, "get-backup-vault-notifications", "--backup-vault-name", "watched").json();
            assertThat(got.get("SNSTopicArn").asString()).isEqualTo(topic);
            assertThat(got.get("BackupVaultEvents").size()).isEqualTo(4);
            AwsCliTest.Result wrong = AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                    TestServer.SECRET_KEY, "us-east-1", dir, "put-backup-vault-notifications", "--backup-vault-name",
                    "watched", "--sns-topic-arn", topic, "--backup-vault-events", "BACKUP_JOB_EXPLODED");
            assertThat(wrong.err()).contains("(InvalidParameterValueException)").contains("BACKUP_JOB_EXPLODED");

            Path good = Trees.sample(dir.resolve("notified-good"), 3);
            String goodArn = hokan.registerDirectory("notified-good", good, "{}");
            Path doomed = Files.createDirectories(dir.resolve("notified-doomed"));
            String doomedArn = hokan.registerDirectory("notified-doomed", doomed, "{}");
            Files.delete(doomed);
            backup(goodArn);
            assertThat(deliveries(hokan, null)).as("the topic's policy does not let AWS Backup publish yet")
                    .noneSatisfy(d -> assertThat(d.get("TopicArn").asString().equals(topic)
                            && d.get("MessageType").asString().equals("Notification")).isTrue());
            ok(sns("set-topic-attributes", "--topic-arn", topic, "--attribute-name", "Policy", "--attribute-value",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"backup\",\"Effect\":\"Allow\","
                            + "\"Principal\":{\"Service\":\"backup.amazonaws.com\"},\"Action\":\"SNS:Publish\","
                            + "\"Resource\":\"" + topic + "\"}]}"));
            String completed = backup(goodArn);
            String failed = backup(doomedArn);

            await().atMost(ARRIVAL).until(() -> critical.messages().size() >= 1 && info.messages().size() >= 2);
            Thread.sleep(1500);
            assertThat(critical.notifications()).hasSize(1);
            JsonNode failure = critical.notifications().getFirst();
            assertThat(failure.get("Subject").asString()).isEqualTo("Notification from AWS Backup");
            assertThat(failure.get("Message").asString()).startsWith("An AWS Backup job failed.")
                    .contains("BackupJob ID : " + failed).contains("Resource ARN : " + doomedArn);
            JsonNode failureAttributes = failure.get("MessageAttributes");
            assertThat(failureAttributes.get("EventType").get("Value").asString()).isEqualTo("BACKUP_JOB");
            assertThat(failureAttributes.get("State").get("Value").asString()).isEqualTo("FAILED");
            assertThat(failureAttributes.get("ResourceType").get("Value").asString()).isEqualTo("Directory");
            assertThat(failureAttributes.get("Id").get("Value").asString()).isEqualTo(failed);
            assertThat(warning.notifications()).isEmpty();
            assertThat(info.notifications()).allSatisfy(n -> assertThat(n.get("MessageAttributes").get("Severity")
                    .get("Value").asString()).isEqualTo("info"));
            assertThat(info.messages()).anySatisfy(m -> assertThat(m)
                    .startsWith("An AWS Backup job was completed successfully.").contains(completed)
                    .contains("Recovery point ARN: arn:aws:backup:us-east-1:000000000000:recovery-point:"));
            for (SnsReceiver r : List.of(critical, warning, info)) {
                assertThat(r.problems()).isEmpty();
            }
        }
    }

    @Test
    void everyBackupVaultEventOfTheApiModelIsTakenAndGivenBack() throws Exception {
        ApiModel model = ApiModel.installed();
        assumeTrue(model != null, "botocore is not installed");
        List<String> all = model.enumValues("BackupVaultEvent");
        assertThat(all).hasSizeGreaterThan(20);
        String topic = createTopic(hokan, "every-event");
        ok(AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY, "us-east-1", dir,
                "create-backup-vault", "--backup-vault-name", "every-event"));
        List<String> args = new ArrayList<>(List.of("put-backup-vault-notifications", "--backup-vault-name",
                "every-event", "--sns-topic-arn", topic, "--backup-vault-events"));
        args.addAll(all);
        ok(AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY, "us-east-1", dir,
                args.toArray(String[]::new)));
        List<String> kept = new ArrayList<>();
        ok(AwsCliTest.awsAt(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY, "us-east-1", dir,
                "get-backup-vault-notifications", "--backup-vault-name", "every-event")).json()
                .get("BackupVaultEvents").forEach(e -> kept.add(e.asString()));
        assertThat(kept).containsExactlyElementsOf(all);
    }

    private static String backup(String resourceArn) {
        String jobId = hokan.backup.startBackupJob(b -> b.backupVaultName("watched").resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        await().atMost(Duration.ofSeconds(120)).until(() -> hokan.backup.describeBackupJob(b -> b.backupJobId(jobId))
                .state() != BackupJobState.CREATED && hokan.backup.describeBackupJob(b -> b.backupJobId(jobId))
                .state() != BackupJobState.RUNNING);
        return jobId;
    }

    @Test
    void emailGoesThroughTheSmtpRelayAndConfirmsByItsLink() throws Exception {
        String topic = createTopic(hokan, "mail");
        assertThat(ok(sns("subscribe", "--topic-arn", topic, "--protocol", "email", "--notification-endpoint",
                "oncall@example.test")).json().get("SubscriptionArn").asString()).isEqualTo("pending confirmation");
        await().atMost(ARRIVAL).until(() -> mailTo("oncall@example.test").size() >= 1);
        String confirmation = mailTo("oncall@example.test").getFirst();
        assertThat(confirmation).contains("From: hokan@example.test").contains(topic);
        Matcher link = Pattern.compile("(http://\\S+Action=ConfirmSubscription\\S+)").matcher(confirmation);
        assertThat(link.find()).isTrue();
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("<ConfirmSubscriptionResponse").contains(topic + ":");

        ok(sns("publish", "--topic-arn", topic, "--subject", "Backup report", "--message", "All vaults are fine."));
        await().atMost(ARRIVAL).until(() -> mailTo("oncall@example.test").size() >= 2);
        String mail = mailTo("oncall@example.test").get(1);
        assertThat(mail).contains("All vaults are fine.").contains("Action=Unsubscribe")
                .contains("Subject: =?UTF-8?B?" + java.util.Base64.getEncoder()
                        .encodeToString("Backup report".getBytes(StandardCharsets.UTF_8)) + "?=");
    }

    private static List<String> mailTo(String recipient) {
        return smtp.messages().stream().filter(m -> m.startsWith(recipient + "\n")).toList();
    }

    @Test
    void messageLinksNameTheAdvertisedUrlRatherThanTheBoundAddress() throws Exception {
        int port = SnsReceiver.freePort();
        String advertised = "http://localhost:" + port;
        ServerConfig config = config(dir.resolve("advertised-data"), port)
                .withAdvertisedUrl(URI.create(advertised + "/"));
        assertThat(config.advertisedUrl()).hasValue(URI.create(advertised));
        for (String wrong : List.of("ftp://localhost", "/relative", "http://localhost/?a=b")) {
            assertThatThrownBy(() -> config.withAdvertisedUrl(URI.create(wrong)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(wrong);
        }
        try (TestServer server = TestServer.start(config); SnsReceiver receiver = SnsReceiver.start(0)) {
            assertThat(server.server.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            String topic = createTopic(server, "advertised");
            subscribe(server, topic, receiver);
            publish(server, topic, "linked", null);
            await().atMost(ARRIVAL).until(() -> receiver.messages().contains("linked"));
            assertThat(receiver.problems()).as("confirmed and verified through the advertised URL").isEmpty();
            JsonNode notification = receiver.notifications().getFirst();
            assertThat(notification.get("SigningCertURL").asString()).isEqualTo(advertised
                    + NotificationChannels.CERTIFICATE_PATH);
            assertThat(notification.get("UnsubscribeURL").asString()).startsWith(advertised + "/?Action=Unsubscribe");
        }
    }

    @Test
    void aReceiverDownAcrossARestartGetsEveryMessageInOrder() throws Exception {
        Path data = dir.resolve("restart-data");
        int port = SnsReceiver.freePort();
        try (SnsReceiver receiver = SnsReceiver.start(port)) {
            try (TestServer first = TestServer.start(config(data))) {
                String topic = createTopic(first, "durable");
                subscribe(first, topic, receiver);
                publish(first, topic, "m0", null);
                await().atMost(ARRIVAL).until(() -> receiver.messages().contains("m0"));
                receiver.stop();
                for (int i = 1; i <= 4; i++) {
                    publish(first, topic, "m" + i, null);
                }
                await().atMost(ARRIVAL).until(() -> {
                    JsonNode pending = deliveries(first, "PENDING");
                    return pending.size() == 4 && pending.get(0).has("LastError");
                });
                JsonNode head = deliveries(first, "PENDING").get(0);
                assertThat(head.get("TopicArn").asString()).isEqualTo(topic);
                assertThat(head.get("LastError").asString()).isNotEmpty();
            }
            try (TestServer restarted = TestServer.start(config(data))) {
                receiver.start();
                await().atMost(ARRIVAL).until(() -> new LinkedHashSet<>(receiver.messages()).size() == 5);
                assertThat(new ArrayList<>(new LinkedHashSet<>(receiver.messages())))
                        .containsExactly("m0", "m1", "m2", "m3", "m4");
                assertThat(receiver.problems()).isEmpty();
                await().atMost(ARRIVAL).until(() -> deliveries(restarted, "PENDING").isEmpty());
                JsonNode delivered = deliveries(restarted, "DELIVERED");
                assertThat(delivered.size()).as("the confirmation request and five messages").isEqualTo(6);
                assertThat(delivered.get(2).get("Attempts").asLong()).isGreaterThan(1);
            }
        }
    }

    /** The first page of the server's deliveries, those in {@code status} when it is given. */
    private static JsonNode deliveries(TestServer server, String status) {
        return JSON.readTree(server.signed("GET", "/hokan/v1/deliveries?maxResults=1000"
                + (status == null ? "" : "&status=" + status), null).body()).get("Deliveries");
    }
}
