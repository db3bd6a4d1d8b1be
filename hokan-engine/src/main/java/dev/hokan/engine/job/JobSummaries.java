package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.JobCount;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.resource.ResourceKinds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job counts of the last period, as every List*JobSummaries call gives them. */
public final class JobSummaries {
    private JobSummaries() {
    }

    /** One kind of job counted by state and resource type, for jobs created in {@code [from, to)}. */
    @FunctionalInterface
    public interface Counts {
        List<JobCount> between(CellTx tx, Instant from, Instant to);
    }

    /**
     * {@code state} null or "ANY": one count per state; "AGGREGATE_ALL": one count over all states.
     * {@code resourceType} null or "ANY": every type separately; "AGGREGATE_ALL": all types together.
     * {@code messageCategory} null or "ANY": every category separately (each has its own state); "AGGREGATE_ALL": all
     * categories together; a {@link MessageCategory}: its jobs only.
     */
    public static List<BackupJobSummary> of(CellCatalog catalog, Instant end, Counts counts, SummaryPeriod period,
                                            String state, String resourceType, String messageCategory) {
        Instant start = end.minus(period.length());
        boolean allStates = "AGGREGATE_ALL".equals(state);
        boolean allTypes = "AGGREGATE_ALL".equals(resourceType);
        boolean allCategories = "AGGREGATE_ALL".equals(messageCategory);
        MessageCategory category = MessageCategory.named(messageCategory).orElse(null);
        String requestedState = state == null || state.equals("ANY") || allStates ? null : state;
        if (category != null && requestedState != null && !requestedState.equals(category.state())) {
            return List.of();
        }
        String stateFilter = category == null ? requestedState : category.state();
        ResourceType typeFilter = resourceType == null || resourceType.equals("ANY") || allTypes ? null
                : ResourceKinds.type(resourceType).orElse(null);
        if (typeFilter == null && resourceType != null && !resourceType.equals("ANY") && !allTypes) {
            return List.of();
        }
        Map<SummaryKey, Long> sums = new LinkedHashMap<>();
        for (JobCount c : catalog.read(tx -> counts.between(tx, start, end.plusMillis(1)))) {
            if ((stateFilter == null || stateFilter.equals(c.state()))
                    && (typeFilter == null || typeFilter.equals(c.resourceType()))) {
                sums.merge(new SummaryKey(allStates ? "AGGREGATE_ALL" : c.state(), allTypes ? null : c.resourceType()),
                        c.count(), Long::sum);
            }
        }
        return sums.entrySet().stream().map(e -> new BackupJobSummary(e.getKey().state(), e.getKey().type(),
                categoryOf(e.getKey().state(), allCategories, category), e.getValue(), start, end)).toList();
    }

    /** The MessageCategory of a summary row; null for jobs that have not ended. */
    private static String categoryOf(String state, boolean allCategories, MessageCategory requested) {
        if (allCategories || (state.equals("AGGREGATE_ALL") && requested == null)) {
            return "AGGREGATE_ALL";
        }
        return requested != null ? requested.name() : MessageCategory.of(state).map(Enum::name).orElse(null);
    }

    private record SummaryKey(String state, ResourceType type) {
    }
}
