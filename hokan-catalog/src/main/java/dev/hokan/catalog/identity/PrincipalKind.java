package dev.hokan.catalog.identity;

/** What an IAM principal is; its ARN is {@code arn:aws:iam::ACCOUNT:root}, {@code :user/NAME} or {@code :role/NAME}. */
public enum PrincipalKind {
    ROOT, USER, ROLE
}
