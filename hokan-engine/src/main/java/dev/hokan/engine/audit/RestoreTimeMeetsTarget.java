package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.job.RestoreJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A resource's latest completed restore (a restore test's or any other) took at most {@code maxRestoreTime}
 * minutes: the RTO a restore test measured, or for another restore the time from its creation to its completion.
 */
final class RestoreTimeMeetsTarget implements Control<Target.Resource> {
    private static final String MAX = "maxRestoreTime";

    @Override
    public String name() {
        return "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.number(MAX, 720L, 525600));
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        Optional<RestoreJob> latest = cell.latestRestoreOf(target.arn());
        if (latest.isEmpty()) {
            return Verdict.nonCompliant("it has no completed restore to show its restore time");
        }
        RestoreJob job = latest.get();
        Duration took = job.test() != null && job.test().rto() != null ? job.test().rto()
                : Duration.between(job.creationDate(), job.completionDate());
        long limit = inputs.number(MAX);
        String restore = "its latest restore " + job.jobId() + " took " + took.toSeconds() + " seconds";
        return took.compareTo(Duration.ofMinutes(limit)) <= 0
                ? Verdict.compliant(restore + ", within " + limit + " minutes")
                : Verdict.nonCompliant(restore + ", more than " + limit + " minutes");
    }
}
