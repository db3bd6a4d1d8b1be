package dev.hokan.engine.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.notification.Delivery;
import dev.hokan.catalog.cell.notification.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The retries of a message whose endpoint stays down: 1 s, 2 s, 4 s... apart, at most 10 minutes apart, for the
 * 24 hours after it was queued; then it fails with its last error.
 */
class DeliveryBackoffTest {
    private static final Instant QUEUED = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theWaitDoublesFromOneSecondUpToTenMinutes() {
        assertThat(IntStream.rangeClosed(1, 12).mapToObj(DeliveryService::backoff).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 600L, 600L);
        assertThat(DeliveryService.backoff(10_000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aMessageIsTriedForTwentyFourHoursThenFails() {
        Delivery d = Delivery.pending("D1", QUEUED, "S1", "topic", "{}", QUEUED, QUEUED.plus(Outbox.RETRY_PERIOD));
        Instant now = QUEUED;
        while (d.status() == DeliveryStatus.PENDING) {
            now = d.nextAttempt();
            d = d.attemptFailed("Connection refused " + (d.attempts() + 1), now,
                    now.plus(DeliveryService.backoff(d.attempts() + 1)));
        }
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(Duration.between(QUEUED, now)).isBetween(Duration.ofHours(24).minusMinutes(10),
                Duration.ofHours(24));
        assertThat(d.attempts()).as("ten doublings, then one attempt every ten minutes").isBetween(150, 155);
        assertThat(d.lastError()).isEqualTo("Connection refused " + d.attempts());
        assertThat(d.finished()).isEqualTo(now);
    }
}
