package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SQL every job table shares: each has the columns {@code job_id}, {@code resource_type},
 * {@code creation_millis} and {@code completion_millis}, and keeps the job's state in {@code stateColumn}.
 */
final class JobTable<J extends Job> {
    private final CellTx tx;
    private final String table;
    private final String stateColumn;
    private final List<JobState> states;
    private final Function<Row, J> mapper;

    /** @param states every state a job of this table can be in */
    JobTable(CellTx tx, String table, String stateColumn, JobState[] states, Function<Row, J> mapper) {
        this.tx = tx;
        this.table = table;
        this.stateColumn = stateColumn;
        this.states = List.of(states);
        this.mapper = mapper;
    }

    Optional<J> find(String jobId) {
        return tx.sql().one("SELECT * FROM " + table + " WHERE job_id = ?", mapper, jobId);
    }

    /** The jobs in {@code state}, oldest first. */
    List<J> inState(JobState state) {
        return tx.sql().list("SELECT * FROM " + table + " WHERE " + stateColumn + " = ? ORDER BY creation_millis, job_id",
                mapper, state);
    }

    /**
     * The jobs created by {@code to} (a job created at that very moment included: an on-demand report ends now) that
     * had not ended before {@code from}: those a report of the period lists.
     */
    List<J> activeDuring(Instant from, Instant to) {
        return tx.sql().list("SELECT * FROM " + table + " WHERE creation_millis <= ? AND (completion_millis IS NULL"
                + " OR completion_millis >= ?) ORDER BY creation_millis, job_id", mapper, to, from);
    }

    /** Jobs whose {@code column} is {@code value} and that have not reached a final state. */
    long countUnfinished(String column, String value) {
        List<JobState> unfinished = states.stream().filter(s -> !s.isFinal()).toList();
        List<Object> args = new ArrayList<>(unfinished);
        args.addFirst(value);
        return tx.sql().count("SELECT COUNT(*) AS n FROM " + table + " WHERE " + column + " = ? AND " + stateColumn
                + " IN (" + String.join(", ", Collections.nCopies(unfinished.size(), "?")) + ")", args.toArray());
    }

    /** One page of the jobs that match the shared criteria of {@code f} and {@code own}, the table's own ones. */
    Page<J> list(JobFilter f, Filter own, PageRequest page) {
        Filter filter = own
                .eq(stateColumn, f.state())
                .eq("resource_type", f.resourceType())
                .after("creation_millis", f.createdAfter())
                .before("creation_millis", f.createdBefore())
                .after("completion_millis", f.completeAfter())
                .before("completion_millis", f.completeBefore());
        return tx.sql().page(table, "job_id", filter, page, mapper);
    }

    /** Job counts by state and resource type for jobs created in {@code [from, to)}. */
    List<JobCount> countByStateAndType(Instant from, Instant to) {
        return tx.sql().list("SELECT " + stateColumn + " AS state, resource_type, COUNT(*) AS n FROM " + table
                        + " WHERE creation_millis >= ? AND creation_millis < ? GROUP BY " + stateColumn + ", resource_type"
                        + " ORDER BY " + stateColumn + ", resource_type",
                r -> new JobCount(r.string("state"), new ResourceType(r.string("resource_type")), r.longValue("n")),
                from, to);
    }
}
