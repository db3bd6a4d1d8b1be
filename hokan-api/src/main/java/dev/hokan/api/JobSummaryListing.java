package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.job.BackupJobSummary;
import dev.hokan.engine.job.MessageCategory;
import dev.hokan.engine.job.SummaryPeriod;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The List*JobSummaries calls: the same query parameters and the same answer for every kind of job. */
final class JobSummaryListing {
    private JobSummaryListing() {
    }

    /** One kind of job's summaries, as its engine service counts them. */
    @FunctionalInterface
    interface Summaries {
        List<BackupJobSummary> of(SummaryPeriod period, String state, String resourceType, String messageCategory);
    }

    /**
     * @param states the State values the call accepts
     * @param listName the member the summaries are listed under, e.g. {@code BackupJobSummaries}
     * @param categorised whether the kind's jobs have message categories (restores have none)
     */
    static JsonOut answer(ApiCall call, Account account, Set<String> states, String listName, boolean categorised,
                          Summaries summaries) {
        Query q = call.query();
        var page = q.page("MaxResults", "NextToken");
        String state = q.string("State");
        if (state != null && !states.contains(state)) {
            throw ServiceException.invalidParameter("State must be one of " + states + ", got " + state);
        }
        String category = categorised ? q.string("MessageCategory") : null;
        checkMessageCategory("MessageCategory", category);
        SummaryPeriod period = q.enumValue("AggregationPeriod", SummaryPeriod.class);
        SummaryPeriod effective = period == null ? SummaryPeriod.ONE_DAY : period;
        String accountId = q.string("AccountId");
        List<BackupJobSummary> all = accountId != null && !accountId.equals(account.accountId()) ? List.of()
                : summaries.of(effective, state, q.string("ResourceType"), category);
        Page<BackupJobSummary> slice = Page.slice(all, page,
                s -> s.state() + "|" + (s.resourceType() == null ? "" : s.resourceType().wireName()));
        return Paging.render(slice, listName, s -> JsonOut.object()
                        .put("Region", account.region())
                        .put("AccountId", account.accountId())
                        .put("State", s.state())
                        .put("ResourceType", s.resourceType() == null ? "AGGREGATE_ALL" : s.resourceType().wireName())
                        .put("MessageCategory", categorised ? s.messageCategory() : null)
                        .put("Count", s.count())
                        .put("StartTime", s.startTime())
                        .put("EndTime", s.endTime()))
                .put("AggregationPeriod", effective.name());
    }

    /** A message category criterion is ANY, AGGREGATE_ALL (both take every job) or one {@link MessageCategory}. */
    static void checkMessageCategory(String name, String category) {
        if (category != null && !category.equals("ANY") && !category.equals("AGGREGATE_ALL")
                && MessageCategory.named(category).isEmpty()) {
            throw ServiceException.invalidParameter(name + " must be ANY, AGGREGATE_ALL or one of "
                    + Arrays.toString(MessageCategory.values()) + ", got " + category);
        }
    }

    /**
     * The state a job list keeps under its {@code byState} and {@code byMessageCategory} criteria together (each
     * category is the jobs of one final state); {@code none} when they exclude each other.
     */
    record StateCriterion<S extends Enum<S>>(S state, boolean none) {
        static <S extends Enum<S>> StateCriterion<S> of(Query q, Class<S> states) {
            S state = q.enumValue("state", states);
            String category = q.string("messageCategory");
            checkMessageCategory("messageCategory", category);
            String categoryState = MessageCategory.named(category).map(MessageCategory::state).orElse(null);
            if (categoryState == null) {
                return new StateCriterion<>(state, false);
            }
            S implied = Arrays.stream(states.getEnumConstants()).filter(s -> s.name().equals(categoryState))
                    .findFirst().orElse(null);
            return new StateCriterion<>(implied, implied == null || (state != null && state != implied));
        }
    }
}
