package dev.hokan.catalog.identity;

import java.time.Instant;

/** The operator's permission for an account to use the host paths under {@code path} (a real, absolute path). */
public record HostPathGrant(String accountId, String path, HostPathUse use, String grantedBy, Instant creationDate) {
}
