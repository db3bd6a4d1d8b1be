package dev.hokan.engine.notification;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.notification.Delivery;
import dev.hokan.catalog.cell.notification.Subscription;
import dev.hokan.engine.event.EventLog;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts messages into the outbox, in the caller's transaction: a message published to a topic goes to each of its
 * confirmed subscriptions whose filter policy takes it, a confirmation request to the one new subscription. Each is
 * retried for {@link #RETRY_PERIOD} of wall time before it fails.
 */
final class Outbox {
    static final Duration RETRY_PERIOD = Duration.ofHours(24);

    private Outbox() {
    }

    /** Queues the message for every subscription of the topic that takes it; returns how many. */
    static int publish(CellTx tx, Instant at, String topicName, NotificationMessage message) {
        int queued = 0;
        for (Subscription s : tx.subscriptions().ofTopic(topicName)) {
            if (s.confirmed() && SubscriptionAttributes.filter(s)
                    .map(f -> f.matches(message.attributes(), message.message())).orElse(true)) {
                add(tx, at, s, message);
                queued++;
            }
        }
        return queued;
    }

    static void confirmation(CellTx tx, Instant at, Subscription s, NotificationMessage request) {
        add(tx, at, s, request);
    }

    private static void add(CellTx tx, Instant at, Subscription s, NotificationMessage message) {
        Instant now = Instant.now();
        tx.deliveries().insert(Delivery.pending(EventLog.nextId(), at, s.subscriptionId(), s.topicName(),
                message.toJson(), now, now.plus(RETRY_PERIOD)));
    }
}
