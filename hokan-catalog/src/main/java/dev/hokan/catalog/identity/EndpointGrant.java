package dev.hokan.catalog.identity;

import java.time.Instant;

/**
 * The operator's permission for the server to connect, on an account's behalf and for {@code kind}, to the addresses
 * of {@code network} (an address, a CIDR block or a host name) on {@code port}, or on any port when it is
 * {@link #ANY_PORT}.
 */
public record EndpointGrant(String accountId, String network, int port, EndpointKind kind, String grantedBy,
                            Instant creationDate) {
    public static final int ANY_PORT = 0;
}
