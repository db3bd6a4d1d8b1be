package dev.hokan.catalog.identity;

import java.time.Instant;

/** The deployment's organisation: its {@code o-} ID, management account and root ({@code r-}). */
public record Organization(String orgId, String managementAccountId, String rootId, Instant creationDate) {
}
