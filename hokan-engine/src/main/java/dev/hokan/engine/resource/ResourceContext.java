package dev.hokan.engine.resource;

import dev.hokan.engine.Account;
import dev.hokan.engine.hostpath.HostPaths;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a kind may use: the account the resource belongs to, the host path rules of the deployment, and the settings of
 * the resources registered in the account, by ARN (a restore into a service reaches it as the resource's registration
 * says).
 */
public record ResourceContext(Account account, HostPaths hostPaths, Function<String, Optional<ResourceSettings>> registered) {
    /** The settings of the resource registered as {@code arn}, when it still is. */
    public Optional<ResourceSettings> settingsOf(String arn) {
        return registered.apply(arn);
    }
}
