package dev.hokan.catalog.cell.protection;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Which recovery points a legal hold takes in: those in one of {@code vaultNames}, of one of
 * {@code resourceIdentifiers} (a resource ARN or a resource type), created between {@code fromDate} and
 * {@code toDate} inclusive. An empty list or a null range does not narrow the selection.
 */
public record LegalHoldSelection(List<String> vaultNames, List<String> resourceIdentifiers, Instant fromDate,
                                 Instant toDate) {
    public LegalHoldSelection {
        vaultNames = vaultNames == null ? List.of() : List.copyOf(vaultNames);
        resourceIdentifiers = resourceIdentifiers == null ? List.of() : List.copyOf(resourceIdentifiers);
    }

    public boolean matches(RecoveryPoint p) {
        return (vaultNames.isEmpty() || vaultNames.contains(p.vaultName()))
                && (resourceIdentifiers.isEmpty() || resourceIdentifiers.contains(p.resourceArn())
                || resourceIdentifiers.contains(p.resourceType().wireName()))
                && (fromDate == null || !p.creationDate().isBefore(fromDate))
                && (toDate == null || p.creationDate().isBefore(createdBefore()));
    }

    /**
     * The end of the date range, exclusive, or null when open: botocore sends whole seconds, so a ToDate of "now"
     * still takes in the points created later within that second.
     */
    public Instant createdBefore() {
        return toDate == null ? null : toDate.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
}
