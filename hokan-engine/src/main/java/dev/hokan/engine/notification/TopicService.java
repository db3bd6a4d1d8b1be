package dev.hokan.engine.notification;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.notification.Subscription;
import dev.hokan.catalog.cell.notification.Topic;
import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.endpoint.Endpoints;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.iam.PolicyDocuments;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SNS topics and subscriptions of one cell, and publishing to them. Every change to a topic or subscription is
 * an event by its actor; a publication and a confirmation request go into the outbox in the same transaction.
 */
public final class TopicService {
    /** What ListSubscriptions shows for a subscription not confirmed yet, as SNS does. */
    public static final String PENDING_CONFIRMATION = "PendingConfirmation";
    /** What Subscribe answers for a subscription waiting for its confirmation, unless asked for the ARN. */
    public static final String PENDING_CONFIRMATION_ANSWER = "pending confirmation";
    private static final String DISPLAY_NAME = "DisplayName";
    private static final String POLICY = "Policy";
    private static final String SIGNATURE_VERSION = "SignatureVersion";
    private static final Set<String> TOPIC_ATTRIBUTES = Set.of(DISPLAY_NAME, POLICY, SIGNATURE_VERSION);
    private static final Set<String> PROTOCOLS = Set.of("http", "https", "email");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+");
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final int MAX_MESSAGE_ATTRIBUTES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CellContext cell;
    private final NotificationChannels channels;
    private final Endpoints endpoints;

    /** HTTP(S) endpoints are subscribed only where {@code endpoints} let the account have the server connect. */
    public TopicService(CellContext cell, NotificationChannels channels, Endpoints endpoints) {
        this.cell = cell;
        this.channels = channels;
        this.endpoints = endpoints;
    }

    private Account account() {
        return cell.account();
    }

    /** A subscription as the SNS lists show it. */
    public record SubscriptionView(String subscriptionArn, String owner, String protocol, String endpoint,
                                   String topicArn) {
    }

    /** Creates the topic, or answers the existing one when it has the same attributes (SNS's idempotence). */
    public String createTopic(String name, Map<String, String> attributes) {
        TopicArns.requireName(name);
        Map<String, String> checked = checkedTopicAttributes(attributes);
        String arn = TopicArns.topic(account(), name);
        return cell.catalog().write(tx -> {
            Optional<Topic> existing = tx.topics().find(name);
            if (existing.isPresent()) {
                if (!checked.isEmpty() && !existing.get().attributes().equals(checked)) {
                    throw ServiceException.invalidParameter("Invalid parameter: Attributes Reason: Topic already"
                            + " exists with different attributes");
                }
                return arn;
            }
            Instant now = cell.clock().now();
            tx.topics().insert(new Topic(name, now, checked));
            EventLog.record(tx, now, EventType.TOPIC_CREATED, arn, "Topic " + name + " created", Map.of());
            return arn;
        });
    }

    private static Map<String, String> checkedTopicAttributes(Map<String, String> attributes) {
        Map<String, String> checked = new HashMap<>();
        attributes.forEach((name, value) -> {
            checkTopicAttribute(name, value);
            if (value != null && !value.isEmpty()) {
                checked.put(name, value);
            }
        });
        return checked;
    }

    private static void checkTopicAttribute(String name, String value) {
        if (!TOPIC_ATTRIBUTES.contains(name)) {
            throw ServiceException.invalidParameter("Invalid parameter: AttributeName: " + name + " is not an"
                    + " attribute Hokan sets on topics (DisplayName, Policy, SignatureVersion)");
        }
        switch (name) {
            case POLICY -> {
                if (value != null && !value.isEmpty()) {
                    PolicyDocuments.parse(value);
                }
            }
            case SIGNATURE_VERSION -> {
                if (!"1".equals(value) && !"2".equals(value)) {
                    throw ServiceException.invalidParameter("Invalid parameter: SignatureVersion: must be 1 or 2");
                }
            }
            default -> {
                if (value != null && value.length() > 100) {
                    throw ServiceException.invalidParameter("Invalid parameter: DisplayName: at most 100 characters");
                }
            }
        }
    }

    /** Deletes the topic and its subscriptions; deleting a topic that does not exist succeeds, as on SNS. */
    public void deleteTopic(String topicArn) {
        String name = TopicArns.topicName(account(), "TopicArn", topicArn);
        cell.catalog().write(tx -> {
            if (tx.topics().delete(name)) {
                tx.subscriptions().deleteOfTopic(name);
                EventLog.record(tx, cell.clock().now(), EventType.TOPIC_DELETED, topicArn, "Topic " + name
                        + " deleted with its subscriptions", Map.of());
            }
            return null;
        });
    }

    /** The topics' ARNs, in creation order. */
    public Page<String> listTopics(PageRequest page) {
        Page<Topic> topics = cell.catalog().read(tx -> tx.topics().list(page));
        return new Page<>(topics.items().stream().map(t -> TopicArns.topic(account(), t.name())).toList(),
                topics.next());
    }

    public Map<String, String> topicAttributes(String topicArn) {
        String name = TopicArns.topicName(account(), "TopicArn", topicArn);
        return cell.catalog().read(tx -> {
            Topic topic = topic(tx, name);
            List<Subscription> subscriptions = tx.subscriptions().ofTopic(name);
            long confirmed = subscriptions.stream().filter(Subscription::confirmed).count();
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("TopicArn", topicArn);
            attributes.put("Owner", account().accountId());
            attributes.put(DISPLAY_NAME, topic.attributes().getOrDefault(DISPLAY_NAME, ""));
            attributes.put(SIGNATURE_VERSION, topic.attributes().getOrDefault(SIGNATURE_VERSION, "1"));
            attributes.put("SubscriptionsConfirmed", Long.toString(confirmed));
            attributes.put("SubscriptionsPending", Long.toString(subscriptions.size() - confirmed));
            attributes.put("SubscriptionsDeleted", "0");
            Optional.ofNullable(topic.attributes().get(POLICY)).ifPresent(p -> attributes.put(POLICY, p));
            return attributes;
        });
    }

    public void setTopicAttribute(String topicArn, String name, String value) {
        String topicName = TopicArns.topicName(account(), "TopicArn", topicArn);
        checkTopicAttribute(name, value);
        cell.catalog().write(tx -> {
            Topic topic = topic(tx, topicName);
            Map<String, String> changed = new HashMap<>(topic.attributes());
            if (value == null || value.isEmpty()) {
                changed.remove(name);
            } else {
                changed.put(name, value);
            }
            tx.topics().update(new Topic(topicName, topic.creationDate(), changed));
            EventLog.record(tx, cell.clock().now(), EventType.TOPIC_ATTRIBUTE_SET, topicArn, "Attribute " + name
                    + " of topic " + topicName + " set", Map.of("AttributeName", name));
            return null;
        });
    }

    /** The topic's access policy as the policy engine weighs it; empty when it has none or does not exist. */
    public Optional<Policy> topicPolicy(String topicArn) {
        String name = TopicArns.topicName(account(), "TopicArn", topicArn);
        return cell.catalog().read(tx -> tx.topics().find(name))
                .flatMap(t -> Optional.ofNullable(t.attributes().get(POLICY)))
                .map(document -> topicPolicy(name, document));
    }

    static Policy topicPolicy(String topicName, String document) {
        return new Policy("topic access policy of \"" + topicName + "\"", PolicyDocuments.parse(document));
    }

    private static Topic topic(CellTx tx, String name) {
        return tx.topics().find(name).orElseThrow(() -> ServiceException.notFound("Topic does not exist"));
    }

    /**
     * Subscribes the endpoint; HTTP(S) and email endpoints confirm through the link they are sent. Subscribing an
     * endpoint that already is answers the existing subscription (and sends a pending one its request again).
     */
    public String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes,
                            boolean returnArn, String owner) {
        String topicName = TopicArns.topicName(account(), "TopicArn", topicArn);
        checkEndpoint(protocol, endpoint);
        Map<String, String> checked = new HashMap<>();
        attributes.forEach((name, value) -> checked.putAll(SubscriptionAttributes.with(checked, protocol, name,
                value)));
        return cell.catalog().write(tx -> {
            topic(tx, topicName);
            Instant now = cell.clock().now();
            Optional<Subscription> existing = tx.subscriptions().ofTopic(topicName).stream()
                    .filter(s -> s.protocol().equals(protocol) && s.endpoint().equals(endpoint)).findFirst();
            Subscription s;
            if (existing.isPresent()) {
                s = existing.get();
            } else {
                s = new Subscription(UUID.randomUUID().toString(), now, topicName, protocol, endpoint, owner,
                        HexFormat.of().formatHex(randomBytes()), checked);
                tx.subscriptions().insert(s);
                EventLog.record(tx, now, EventType.SUBSCRIBED, arn(s), "Subscribed " + protocol + " endpoint "
                        + endpoint + " to topic " + topicName, Map.of("Protocol", protocol, "Endpoint", endpoint));
            }
            if (!s.confirmed()) {
                Outbox.confirmation(tx, now, s, confirmationRequest(topicArn, s.confirmationToken(), now));
            }
            return s.confirmed() || returnArn ? arn(s) : PENDING_CONFIRMATION_ANSWER;
        });
    }

    private static byte[] randomBytes() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return token;
    }

    private NotificationMessage confirmationRequest(String topicArn, String token, Instant now) {
        return new NotificationMessage(NotificationMessage.Kind.SUBSCRIPTION_CONFIRMATION, UUID.randomUUID().toString(),
                topicArn, null, "You have chosen to subscribe to the topic " + topicArn + ".\nTo confirm the"
                + " subscription, visit the SubscribeURL included in this message.", now, Map.of(), token);
    }

    private void checkEndpoint(String protocol, String endpoint) {
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            throw ServiceException.invalidParameter("Invalid parameter: Amazon SNS does not support this protocol"
                    + " in Hokan: " + protocol + " (Hokan delivers to http, https and email)");
        }
        if (endpoint == null || endpoint.isEmpty()) {
            throw ServiceException.invalidParameter("Invalid parameter: Endpoint");
        }
        if (protocol.equals("email")) {
            if (!EMAIL.matcher(endpoint).matches()) {
                throw ServiceException.invalidParameter("Invalid parameter: Email address");
            }
            if (channels.smtp().isEmpty()) {
                throw ServiceException.invalidParameter("Invalid parameter: Email subscriptions need an SMTP relay:"
                        + " start the server with --smtp-host, --smtp-port and --smtp-from");
            }
            return;
        }
        try {
            URI uri = new URI(endpoint);
            if (!protocol.equals(uri.getScheme()) || uri.getHost() == null) {
                throw ServiceException.invalidParameter("Invalid parameter: Endpoint must match the specified"
                        + " protocol");
            }
            endpoints.check(account().accountId(), EndpointKind.SNS, uri);
        } catch (URISyntaxException e) {
            throw ServiceException.invalidParameter("Invalid parameter: Endpoint Reason: " + e.getMessage());
        }
    }

    /** Confirms the subscription the token was sent for. */
    public String confirmSubscription(String topicArn, String token) {
        String topicName = TopicArns.topicName(account(), "TopicArn", topicArn);
        if (token == null || token.isEmpty()) {
            throw ServiceException.invalidParameter("Invalid parameter: Token");
        }
        return cell.catalog().write(tx -> {
            topic(tx, topicName);
            Subscription s = tx.subscriptions().ofTopic(topicName).stream()
                    .filter(candidate -> token.equals(candidate.confirmationToken())).findFirst()
                    .orElseThrow(() -> ServiceException.invalidParameter("Invalid token"));
            tx.subscriptions().confirm(s.subscriptionId());
            EventLog.record(tx, cell.clock().now(), EventType.SUBSCRIPTION_CONFIRMED, arn(s), "Subscription of "
                    + s.protocol() + " endpoint " + s.endpoint() + " to topic " + topicName + " confirmed", Map.of());
            return arn(s);
        });
    }

    public void unsubscribe(String subscriptionArn) {
        Subscription s = subscription(subscriptionArn);
        cell.catalog().write(tx -> {
            if (tx.subscriptions().delete(s.subscriptionId())) {
                EventLog.record(tx, cell.clock().now(), EventType.UNSUBSCRIBED, subscriptionArn, "Unsubscribed "
                        + s.protocol() + " endpoint " + s.endpoint() + " from topic " + s.topicName(), Map.of());
            }
            return null;
        });
    }

    /** Every subscription, or those of one topic when {@code topicArn} is given, in creation order. */
    public Page<SubscriptionView> listSubscriptions(String topicArn, PageRequest page) {
        String topicName = topicArn == null ? null : TopicArns.topicName(account(), "TopicArn", topicArn);
        Page<Subscription> subscriptions = cell.catalog().read(tx -> {
            if (topicName != null) {
                topic(tx, topicName);
            }
            return tx.subscriptions().list(topicName, page);
        });
        return new Page<>(subscriptions.items().stream().map(s -> new SubscriptionView(
                s.confirmed() ? arn(s) : PENDING_CONFIRMATION, s.owner(), s.protocol(), s.endpoint(),
                TopicArns.topic(account(), s.topicName()))).toList(), subscriptions.next());
    }

    public Map<String, String> subscriptionAttributes(String subscriptionArn) {
        Subscription s = subscription(subscriptionArn);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("SubscriptionArn", subscriptionArn);
        attributes.put("TopicArn", TopicArns.topic(account(), s.topicName()));
        attributes.put("Owner", s.owner());
        attributes.put("Protocol", s.protocol());
        attributes.put("Endpoint", s.endpoint());
        attributes.put("PendingConfirmation", Boolean.toString(!s.confirmed()));
        attributes.put("ConfirmationWasAuthenticated", "false");
        attributes.put(SubscriptionAttributes.RAW_MESSAGE_DELIVERY, Boolean.toString(SubscriptionAttributes.raw(s)));
        String policy = s.attributes().get(SubscriptionAttributes.FILTER_POLICY);
        if (policy != null) {
            attributes.put(SubscriptionAttributes.FILTER_POLICY, policy);
            attributes.put(SubscriptionAttributes.FILTER_POLICY_SCOPE,
                    s.attributes().getOrDefault(SubscriptionAttributes.FILTER_POLICY_SCOPE, "MessageAttributes"));
        }
        return attributes;
    }

    public void setSubscriptionAttribute(String subscriptionArn, String name, String value) {
        Subscription s = subscription(subscriptionArn);
        Map<String, String> changed = SubscriptionAttributes.with(s.attributes(), s.protocol(), name, value);
        cell.catalog().write(tx -> {
            tx.subscriptions().updateAttributes(s.withAttributes(changed));
            EventLog.record(tx, cell.clock().now(), EventType.SUBSCRIPTION_ATTRIBUTE_SET, subscriptionArn,
                    "Attribute " + name + " of the subscription set", Map.of("AttributeName", name));
            return null;
        });
    }

    /** The ARN of the topic of the subscription {@code subscriptionArn}: its policy authorises calls on it. */
    public String topicArnOf(String subscriptionArn) {
        return TopicArns.topic(account(), TopicArns.subscriptionParts(account(), subscriptionArn)[0]);
    }

    private Subscription subscription(String subscriptionArn) {
        String[] parts = TopicArns.subscriptionParts(account(), subscriptionArn);
        return cell.catalog().read(tx -> tx.subscriptions().find(parts[1]))
                .filter(s -> s.topicName().equals(parts[0]))
                .orElseThrow(() -> ServiceException.notFound("Subscription does not exist"));
    }

    private String arn(Subscription s) {
        return TopicArns.subscription(account(), s.topicName(), s.subscriptionId());
    }

    /** Publishes a message to the topic's subscriptions; returns its message ID. */
    public String publish(String topicArn, String subject, String message, Map<String, MessageAttribute> attributes) {
        String topicName = TopicArns.topicName(account(), "TopicArn", topicArn);
        if (message == null || message.isEmpty()) {
            throw ServiceException.invalidParameter("Invalid parameter: Empty message");
        }
        if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw ServiceException.invalidParameter("Invalid parameter: Message too long");
        }
        if (subject != null && (subject.isEmpty() || subject.length() > 100 || !subject.matches("[\\x20-\\x7e]+"))) {
            throw ServiceException.invalidParameter("Invalid parameter: Subject");
        }
        if (attributes.size() > MAX_MESSAGE_ATTRIBUTES) {
            throw ServiceException.invalidParameter("Number of message attributes [" + attributes.size()
                    + "] exceeds the allowed maximum [" + MAX_MESSAGE_ATTRIBUTES + "].");
        }
        String messageId = UUID.randomUUID().toString();
        cell.catalog().write(tx -> {
            topic(tx, topicName);
            Instant now = cell.clock().now();
            Outbox.publish(tx, now, topicName, new NotificationMessage(NotificationMessage.Kind.NOTIFICATION,
                    messageId, topicArn, subject, message, now, attributes, null));
            return null;
        });
        return messageId;
    }
}
