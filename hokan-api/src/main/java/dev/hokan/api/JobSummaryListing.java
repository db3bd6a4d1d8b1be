package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.job.BackupJobSummary;
import dev.hokan.engine.job.SummaryPeriod;
import java.util.List;
import java.util.Set;

/** The List*JobSummaries calls: the same query parameters and the same answer for every kind of job. */
final class JobSummaryListing {
    private JobSummaryListing() {
    }

    /** One kind of job's summaries, as its engine service counts them. */
    @FunctionalInterface
    interface Summaries {
        List<BackupJobSummary> of(SummaryPeriod period, String state, String resourceType);
    }

    /**
     * @param states the State values the call accepts
     * @param listName the member the summaries are listed under, e.g. {@code BackupJobSummaries}
     */
    static JsonOut answer(ApiCall call, Account account, Set<String> states, String listName, Summaries summaries) {
        Query q = call.query();
        var page = q.page("MaxResults", "NextToken");
        String state = q.string("State");
        if (state != null && !states.contains(state)) {
            throw ServiceException.invalidParameter("State must be one of " + states + ", got " + state);
        }
        checkMessageCategory("MessageCategory", q.string("MessageCategory"));
        SummaryPeriod period = q.enumValue("AggregationPeriod", SummaryPeriod.class);
        SummaryPeriod effective = period == null ? SummaryPeriod.ONE_DAY : period;
        String accountId = q.string("AccountId");
        List<BackupJobSummary> all = accountId != null && !accountId.equals(account.accountId()) ? List.of()
                : summaries.of(effective, state, q.string("ResourceType"));
        Page<BackupJobSummary> slice = Page.slice(all, page,
                s -> s.state() + "|" + (s.resourceType() == null ? "" : s.resourceType().wireName()));
        return Paging.render(slice, listName, s -> JsonOut.object()
                        .put("Region", account.region())
                        .put("AccountId", account.accountId())
                        .put("State", s.state())
                        .put("ResourceType", s.resourceType() == null ? "AGGREGATE_ALL" : s.resourceType().wireName())
                        .put("Count", s.count())
                        .put("StartTime", s.startTime())
                        .put("EndTime", s.endTime()))
                .put("AggregationPeriod", effective.name());
    }

    /** Hokan does not categorise job messages yet, so only the match-everything categories are accepted. */
    static void checkMessageCategory(String name, String category) {
        if (category != null && !category.equals("ANY") && !category.equals("AGGREGATE_ALL")) {
            throw ServiceException.invalidParameter(name + " filtering is not supported by this Hokan server yet;"
                    + " use ANY or AGGREGATE_ALL");
        }
    }
}
