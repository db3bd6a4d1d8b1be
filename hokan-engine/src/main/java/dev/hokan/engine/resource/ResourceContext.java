package dev.hokan.engine.resource;

import dev.hokan.engine.Account;
import dev.hokan.engine.hostpath.HostPaths;

/** What a kind may use: the account the resource belongs to and the host path rules of the deployment. */
public record ResourceContext(Account account, HostPaths hostPaths) {
}
