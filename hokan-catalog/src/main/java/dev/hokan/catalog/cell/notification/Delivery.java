package dev.hokan.catalog.cell.notification;

import java.time.Instant;

/**
 * One message for one subscription in the outbox, written in the same transaction as what caused it. The
 * {@code message} is the notifier's own JSON text. {@code nextAttempt} and {@code giveUpAt} are wall-clock times;
 * {@code finished} is set once it is delivered or failed.
 */
public record Delivery(String deliveryId, Instant creationDate, String subscriptionId, String topicName,
                       String message, DeliveryStatus status, int attempts, Instant nextAttempt, Instant giveUpAt,
                       String lastError, Instant finished) {

    /** A new pending delivery, to be tried at once. */
    public static Delivery pending(String deliveryId, Instant creationDate, String subscriptionId, String topicName,
                                   String message, Instant now, Instant giveUpAt) {
        return new Delivery(deliveryId, creationDate, subscriptionId, topicName, message, DeliveryStatus.PENDING, 0,
                now, giveUpAt, null, null);
    }

    public Delivery delivered(Instant at) {
        return new Delivery(deliveryId, creationDate, subscriptionId, topicName, message, DeliveryStatus.DELIVERED,
                attempts + 1, nextAttempt, giveUpAt, lastError, at);
    }

    /** This delivery after a failed attempt: tried again at {@code next}, or failed for good past its period. */
    public Delivery attemptFailed(String error, Instant at, Instant next) {
        boolean givingUp = !next.isBefore(giveUpAt);
        return new Delivery(deliveryId, creationDate, subscriptionId, topicName, message,
                givingUp ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, attempts + 1, next, giveUpAt, error,
                givingUp ? at : null);
    }

    public Delivery abandoned(String reason, Instant at) {
        return new Delivery(deliveryId, creationDate, subscriptionId, topicName, message, DeliveryStatus.FAILED,
                attempts, nextAttempt, giveUpAt, reason, at);
    }
}
