package dev.hokan.engine.endpoint;

import java.util.List;

/**
 * The network endpoints the operator gives the home account when the server starts ({@code --allowed-endpoints}).
 * Unconfined, when the option is not given, the home account may have the server connect anywhere; confined, to
 * these endpoints, plus what the operator grants it.
 */
public record HomeEndpoints(boolean confined, List<EndpointRule> allowed) {
    public static final HomeEndpoints UNCONFINED = new HomeEndpoints(false, List.of());

    public HomeEndpoints {
        allowed = List.copyOf(allowed);
        if (!confined && !allowed.isEmpty()) {
            throw new IllegalArgumentException("Unconfined home endpoints list no endpoints");
        }
    }

    /** The home account confined to these endpoints, for every kind of connection. */
    public static HomeEndpoints confined(List<EndpointRule> allowed) {
        return new HomeEndpoints(true, allowed);
    }
}
