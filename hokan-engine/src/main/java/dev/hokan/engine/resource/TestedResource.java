package dev.hokan.engine.resource;

import dev.hokan.engine.ServiceException;

/**
 * The resource whose recovery point a restore test restores, as the test reaches it: a kind whose scratch target lies
 * on the resource's own service (a bucket's) uses the resource's registration.
 */
public record TestedResource(String arn, ResourceContext context) {
    /** The settings the resource is registered with; refused when it is no longer registered. */
    public ResourceSettings registration() {
        return context.settingsOf(arn).orElseThrow(() -> ServiceException.invalidParameter("Resource " + arn
                + " is no longer registered; its restore tests reach their scratch target with its registration"));
    }
}
