package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.BackupJobFilter;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.Engine;
import dev.hokan.engine.job.MessageCategory;
import dev.hokan.engine.job.StartBackupJobRequest;
import dev.hokan.engine.resource.ResourceKinds;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** StartBackupJob, DescribeBackupJob, ListBackupJobs, StopBackupJob, ListBackupJobSummaries. */
final class BackupJobOperations {
    private static final Set<String> SUMMARY_STATES = Set.of("CREATED", "PENDING", "RUNNING", "ABORTING", "ABORTED",
            "COMPLETED", "FAILED", "EXPIRED", "PARTIAL", "AGGREGATE_ALL", "ANY");

    private final Engine engine;

    BackupJobOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("StartBackupJob", this::start);
        ops.put("DescribeBackupJob", call -> render(engine.backupJobs().describe(call.label("backupJobId")),
                engine.vaults()::encryptionKeyArn));
        ops.put("ListBackupJobs", this::list);
        ops.put("StopBackupJob", call -> {
            engine.backupJobs().stop(call.label("backupJobId"));
            return null;
        });
        ops.put("ListBackupJobSummaries", call -> JobSummaryListing.answer(call, engine.account(), SUMMARY_STATES,
                "BackupJobSummaries", true, engine.backupJobs()::summaries));
    }

    private JsonOut start(ApiCall call) {
        Input in = call.body();
        BackupJob job = engine.backupJobs().start(new StartBackupJobRequest(in.string("BackupVaultName"),
                in.string("ResourceArn"), in.string("IamRoleArn"), in.string("IdempotencyToken"),
                in.longValue("StartWindowMinutes"), in.longValue("CompleteWindowMinutes"),
                PlanDocuments.lifecycle(in.object("Lifecycle")), in.stringMap("RecoveryPointTags")));
        return JsonOut.object()
                .put("BackupJobId", job.jobId())
                .put("RecoveryPointArn", engine.account().recoveryPointArn(job.recoveryPointId()))
                .put("CreationDate", job.creationDate())
                .put("IsParent", false);
    }

    private JsonOut list(ApiCall call) {
        Query q = call.query();
        var page = q.page();
        var state = JobSummaryListing.StateCriterion.of(q, BackupJobState.class);
        String accountId = q.string("accountId");
        String resourceType = q.string("resourceType");
        ResourceType type = resourceType == null ? null : ResourceKinds.type(resourceType).orElse(null);
        boolean nothingMatches = (accountId != null && !accountId.equals(engine.account().accountId()))
                || (resourceType != null && type == null) || q.string("parentJobId") != null || state.none();
        BackupJobFilter filter = new BackupJobFilter(q.string("resourceArn"), state.state(),
                q.string("backupVaultName"), type, q.timestamp("createdAfter"), q.timestamp("createdBefore"),
                q.timestamp("completeAfter"), q.timestamp("completeBefore"));
        Page<BackupJob> jobs = nothingMatches ? new Page<>(List.of(), null) : engine.backupJobs().list(filter, page);
        Function<String, String> keyArns = engine.vaults().encryptionKeyArns();
        return Paging.render(jobs, "BackupJobs", j -> render(j, keyArns));
    }

    private JsonOut render(BackupJob j, Function<String, String> keyArns) {
        return JsonOut.object()
                .put("AccountId", engine.account().accountId())
                .put("BackupJobId", j.jobId())
                .put("BackupVaultName", j.vaultName())
                .put("BackupVaultArn", engine.account().vaultArn(j.vaultName()))
                .put("VaultType", VaultOperations.VAULT_TYPE)
                .put("VaultLockState", VaultOperations.lockState(engine.vaultLocks().find(j.vaultName()),
                        engine.clock().now()))
                .put("RecoveryPointArn", engine.account().recoveryPointArn(j.recoveryPointId()))
                .put("RecoveryPointLifecycle", PlanDocuments.render(j.lifecycle()))
                .put("EncryptionKeyArn", keyArns.apply(j.vaultName()))
                .put("IsEncrypted", true)
                .put("ResourceArn", j.resourceArn())
                .put("CreationDate", j.creationDate())
                .put("InitiationDate", j.creationDate())
                .put("CompletionDate", j.completionDate())
                .put("State", j.state().name())
                .put("StatusMessage", j.statusMessage())
                .put("MessageCategory", MessageCategory.of(j.state().name()).map(Enum::name).orElse(null))
                .put("PercentDone", String.format(Locale.ROOT, "%.1f", j.percentDone()))
                .put("BackupSizeInBytes", j.backupSizeInBytes())
                .put("BytesTransferred", j.bytesTransferred())
                .put("IamRoleArn", j.iamRoleArn())
                .put("ResourceType", j.resourceType().wireName())
                .put("ResourceName", j.resourceName())
                .put("StartBy", j.startBy())
                .put("ExpectedCompletionDate", j.state().isFinal() ? j.completionDate() : j.completeBy())
                .put("CreatedBy", PlanDocuments.render(engine.account(), j.createdBy()))
                .put("IsParent", false);
    }
}
