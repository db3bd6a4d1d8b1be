package dev.hokan.catalog.cell.notification;

import java.time.Instant;
import java.util.Map;

/**
 * A subscription of an endpoint to a topic; {@code confirmationToken} is set until the endpoint confirms it
 * (a subscription that needs no confirmation has none). {@code owner} is the account that subscribed.
 */
public record Subscription(String subscriptionId, Instant creationDate, String topicName, String protocol,
                           String endpoint, String owner, String confirmationToken, Map<String, String> attributes) {
    public Subscription {
        attributes = Map.copyOf(attributes);
    }

    public boolean confirmed() {
        return confirmationToken == null;
    }

    public Subscription withAttributes(Map<String, String> changed) {
        return new Subscription(subscriptionId, creationDate, topicName, protocol, endpoint, owner, confirmationToken,
                changed);
    }
}
