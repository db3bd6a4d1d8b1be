package dev.hokan.engine.resource;

import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.engine.Account;
import dev.hokan.engine.endpoint.Endpoints;
import dev.hokan.engine.hostpath.HostPaths;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a kind may use: the account the resource belongs to, the host path and network endpoint rules of the deployment, and the settings of
 * the resources registered in the account, by ARN (a restore into a service reaches it as the resource's registration
 * says).
 */
public record ResourceContext(Account account, HostPaths hostPaths, Endpoints endpoints,
                              Function<String, Optional<ResourceSettings>> registered) {
    /**
     * The addresses of {@code host} the account may have the server connect to on {@code port} for {@code kind} (none
     * when it connects by name); refused before any connection is made.
     */
    public List<InetAddress> reachable(EndpointKind kind, String host, int port) {
        return endpoints.check(account.accountId(), kind, host, port);
    }

    /** The settings of the resource registered as {@code arn}, when it still is. */
    public Optional<ResourceSettings> settingsOf(String arn) {
        return registered.apply(arn);
    }
}
