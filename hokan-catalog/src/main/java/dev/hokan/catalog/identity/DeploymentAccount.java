package dev.hokan.catalog.identity;

import java.time.Instant;

/** An account of the deployment: a 12-digit ID with its own vaults, plans and identities in every region. */
public record DeploymentAccount(String accountId, String name, Instant creationDate) {
}
