package dev.hokan.engine.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who asks to do what on which resource. {@code principalArn} is {@code arn:aws:iam::ACCOUNT:root},
 * {@code ...:user/NAME} or {@code ...:role/NAME}; {@code resourceArn} is {@code "*"} for actions on no particular
 * resource.
 */
public record AuthorizationRequest(String principalArn, String principalAccount, String action, String resourceArn,
                                   String resourceAccount, ConditionContext context) {

    public AuthorizationRequest {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(principalAccount, "principalAccount");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        Objects.requireNonNull(resourceAccount, "resourceAccount");
        Objects.requireNonNull(context, "context");
    }

    public boolean crossAccount() {
        return !principalAccount.equals(resourceAccount);
    }

    /** The context policies see: the caller's keys plus the global keys AWS sets from the request itself. */
    ConditionContext conditionContext() {
        return context.with(Map.of("aws:PrincipalArn", List.of(principalArn),
                "aws:PrincipalAccount", List.of(principalAccount), "aws:ResourceAccount", List.of(resourceAccount)));
    }
}
