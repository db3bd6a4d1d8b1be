package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobFilter;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.Engine;
import dev.hokan.engine.job.StartRestoreJobRequest;
import dev.hokan.engine.resource.ResourceKinds;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * StartRestoreJob, DescribeRestoreJob, GetRestoreJobMetadata, ListRestoreJobs, ListRestoreJobsByProtectedResource,
 * ListRestoreJobSummaries; the restores of restore tests carry their plan (CreatedBy), validation and deletion.
 */
final class RestoreJobOperations {
    private static final Set<String> SUMMARY_STATES = Set.of("CREATED", "PENDING", "RUNNING", "ABORTED",
            "COMPLETED", "FAILED", "AGGREGATE_ALL", "ANY");

    private final Engine engine;

    RestoreJobOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("StartRestoreJob", call -> {
            Input in = call.body();
            RestoreJob job = engine.restoreJobs().start(new StartRestoreJobRequest(in.string("RecoveryPointArn"),
                    in.stringMap("Metadata"), in.string("IamRoleArn"), in.string("IdempotencyToken"),
                    in.string("ResourceType")));
            return JsonOut.object().put("RestoreJobId", job.jobId());
        });
        ops.put("DescribeRestoreJob", call -> render(engine.restoreJobs().describe(call.label("restoreJobId"))));
        ops.put("ListRestoreJobs", this::list);
        ops.put("ListRestoreJobsByProtectedResource", this::listByResource);
        ops.put("GetRestoreJobMetadata", call -> {
            RestoreJob job = engine.restoreJobs().describe(call.label("restoreJobId"));
            return JsonOut.object().put("RestoreJobId", job.jobId()).putStrings("Metadata", job.metadata());
        });
        ops.put("ListRestoreJobSummaries", call -> JobSummaryListing.answer(call, engine.account(), SUMMARY_STATES,
                "RestoreJobSummaries", false, (period, state, type, category) -> engine.restoreJobs()
                        .summaries(period, state, type)));
    }

    private JsonOut list(ApiCall call) {
        Query q = call.query();
        var page = q.page();
        String accountId = q.string("accountId");
        String resourceType = q.string("resourceType");
        ResourceType type = resourceType == null ? null : ResourceKinds.type(resourceType).orElse(null);
        boolean nothingMatches = (accountId != null && !accountId.equals(engine.account().accountId()))
                || (resourceType != null && type == null) || q.string("parentJobId") != null;
        RestoreJobFilter filter = new RestoreJobFilter(null, q.enumValue("status", RestoreJobStatus.class), type,
                q.timestamp("createdAfter"), q.timestamp("createdBefore"), q.timestamp("completeAfter"),
                q.timestamp("completeBefore"), null, null, q.string("restoreTestingPlanArn"));
        Page<RestoreJob> jobs = nothingMatches ? new Page<>(List.of(), null) : engine.restoreJobs().list(filter, page);
        return Paging.render(jobs, "RestoreJobs", this::render);
    }

    private JsonOut listByResource(ApiCall call) {
        Query q = call.query();
        RestoreJobFilter filter = new RestoreJobFilter(call.label("resourceArn"),
                q.enumValue("status", RestoreJobStatus.class), null, null, null, null, null,
                q.timestamp("recoveryPointCreationDateAfter"), q.timestamp("recoveryPointCreationDateBefore"), null);
        return Paging.render(engine.restoreJobs().list(filter, q.page()), "RestoreJobs", this::render);
    }

    private JsonOut render(RestoreJob j) {
        return JsonOut.object()
                .put("AccountId", engine.account().accountId())
                .put("RestoreJobId", j.jobId())
                .put("RecoveryPointArn", engine.account().recoveryPointArn(j.recoveryPointId()))
                .put("SourceResourceArn", j.resourceArn())
                .put("BackupVaultArn", engine.account().vaultArn(j.vaultName()))
                .put("CreationDate", j.creationDate())
                .put("CompletionDate", j.completionDate())
                .put("Status", j.state().name())
                .put("StatusMessage", j.statusMessage())
                .put("PercentDone", String.format(Locale.ROOT, "%.1f", j.percentDone()))
                .put("BackupSizeInBytes", j.backupSizeInBytes())
                .put("IamRoleArn", j.iamRoleArn())
                .put("ExpectedCompletionTimeMinutes", expectedMinutes(j))
                .put("CreatedResourceArn", j.createdResourceArn())
                .put("ResourceType", j.resourceType().wireName())
                .put("RecoveryPointCreationDate", j.recoveryPointCreationDate())
                .put("IsParent", false)
                .put("CreatedBy", j.test() == null ? null : JsonOut.object()
                        .put("RestoreTestingPlanArn", j.test().planArn()))
                .put("ValidationStatus", j.test() == null || j.test().validationStatus() == null ? null
                        : j.test().validationStatus().name())
                .put("ValidationStatusMessage", j.test() == null ? null : j.test().validationMessage())
                .put("DeletionStatus", j.test() == null || j.test().deletionStatus() == null ? null
                        : j.test().deletionStatus().name())
                .put("DeletionStatusMessage", j.test() == null ? null : j.test().deletionMessage());
    }

    /**
     * How long the restore takes: once ended, how long it took; while it runs, what its progress so far
     * extrapolates to; unknown before it has made any.
     */
    private Long expectedMinutes(RestoreJob j) {
        if (j.state().isFinal()) {
            return executionMinutes(j);
        }
        if (j.percentDone() <= 0) {
            return null;
        }
        Duration elapsed = Duration.between(j.creationDate(), engine.clock().now());
        return (long) Math.ceil(elapsed.toSeconds() * 100.0 / j.percentDone() / 60);
    }

    static Long executionMinutes(RestoreJob j) {
        return j.completionDate() == null ? null : Duration.between(j.creationDate(), j.completionDate()).toMinutes();
    }
}
