package dev.hokan.catalog.identity;

import java.time.Instant;

/**
 * An identity that signs requests: an account's root user, an IAM user or an IAM role. {@code uniqueId} is what IAM
 * calls its UserId or RoleId (the account ID for a root user), what policies see as {@code aws:userid}.
 */
public record IamPrincipal(String arn, String accountId, PrincipalKind kind, String name, String uniqueId,
                           Instant creationDate) {
}
