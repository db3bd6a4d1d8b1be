package dev.hokan.catalog;

import java.time.Instant;

/** An identity that signs requests: an account's root user, an IAM user or an IAM role. */
public record IamPrincipal(String arn, String accountId, PrincipalKind kind, String name, Instant creationDate) {
}
