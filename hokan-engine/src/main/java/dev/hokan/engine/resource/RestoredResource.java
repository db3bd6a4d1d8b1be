package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.LocalResource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The resource a completed restore made, as its kind would register it: {@code identifiedBy} names the settings that
 * make two registrations the same resource (a directory's path; a bucket's endpoint and name).
 */
public record RestoredResource(ResourceKind kind, ResourceSettings settings, List<String> identifiedBy) {
    public RestoredResource {
        identifiedBy = List.copyOf(identifiedBy);
    }

    /**
     * The ARN of the resource registered in the transaction's account with the same identifying settings; when there
     * is none, it is registered as {@code name}, without tags, so that tag selections do not pick it up.
     */
    public String registeredIn(CellTx tx, ResourceContext context, String name, Instant now) {
        return tx.resources().all().stream()
                .filter(r -> r.type().equals(kind.type()) && sameAs(ResourceSettings.parse(r.settings())))
                .map(LocalResource::arn)
                .findFirst()
                .orElseGet(() -> {
                    String arn = kind.arn(context.account(), name);
                    tx.resources().insert(new LocalResource(arn, kind.type(), name, settings.json(), now));
                    return arn;
                });
    }

    private boolean sameAs(ResourceSettings other) {
        return identifiedBy.stream().allMatch(k -> Objects.equals(settings.members().get(k), other.members().get(k)));
    }
}
