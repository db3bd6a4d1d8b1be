package dev.hokan.catalog.cell;

import java.time.Instant;

/**
 * A call made with an idempotency token: {@code fingerprint} identifies its parameters, {@code resultId} what it
 * created, so a retry with the same token returns the same result.
 */
public record IdempotentCall(String operation, String token, String fingerprint, String resultId, Instant creationDate) {
}
