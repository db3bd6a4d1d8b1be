package dev.hokan.engine.notification;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the outbox keeps of one message for one subscription: the fields SNS sends, without what is added as it goes
 * out (the signature and the URLs, which name the server's endpoint). {@code token} is set for a subscription
 * confirmation only; {@code subject} may be null.
 */
public record NotificationMessage(Kind kind, String messageId, String topicArn, String subject, String message,
                                  Instant timestamp, Map<String, MessageAttribute> attributes, String token) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The message types SNS sends, by their wire names. */
    public enum Kind {
        NOTIFICATION("Notification"),
        SUBSCRIPTION_CONFIRMATION("SubscriptionConfirmation");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public NotificationMessage {
        attributes = Map.copyOf(attributes);
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("Kind", kind.name())
                .put("MessageId", messageId)
                .put("TopicArn", topicArn)
                .put("Subject", subject)
                .put("Message", message)
                .put("Timestamp", timestamp.toEpochMilli())
                .put("Token", token);
        ObjectNode attrs = node.putObject("MessageAttributes");
        attributes.forEach((name, a) -> attrs.putObject(name).put("DataType", a.dataType()).put("Value", a.value()));
        return JSON.writeValueAsString(node);
    }

    static NotificationMessage parse(String json) {
        JsonNode node = JSON.readTree(json);
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        node.get("MessageAttributes").properties().forEach(e -> attributes.put(e.getKey(),
                new MessageAttribute(e.getValue().get("DataType").asString(), e.getValue().get("Value").asString())));
        return new NotificationMessage(Kind.valueOf(node.get("Kind").asString()), node.get("MessageId").asString(),
                node.get("TopicArn").asString(), text(node, "Subject"), node.get("Message").asString(),
                Instant.ofEpochMilli(node.get("Timestamp").asLong()), attributes, text(node, "Token"));
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }
}
