package dev.hokan.catalog.identity;

/** What the server may connect to a granted network endpoint for, on an account's behalf. */
public enum EndpointKind {
    /** PostgreSQL resources: registration, backups, continuous backups. */
    POSTGRESQL,
    /** S3 bucket resources: registration, backups, restores, restore tests. */
    S3,
    /** SNS HTTP and HTTPS subscriptions: subscribing and every delivery. */
    SNS,
    /** Any of them. */
    ANY;

    /** Whether a grant of this kind lets the server connect for {@code use}. */
    public boolean covers(EndpointKind use) {
        return this == ANY || this == use;
    }
}
