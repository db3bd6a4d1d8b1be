package dev.hokan.catalog.cell.kms;

import java.time.Instant;

/** An alias ({@code alias/NAME}) and the key it points to. */
public record KmsAlias(String aliasName, String keyId, Instant creationDate, Instant lastUpdated) {
}
