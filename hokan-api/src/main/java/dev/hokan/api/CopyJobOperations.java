package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobFilter;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Engine;
import dev.hokan.engine.copy.CopyTargets;
import dev.hokan.engine.copy.StartCopyJobRequest;
import dev.hokan.engine.job.MessageCategory;
import dev.hokan.engine.resource.ResourceKinds;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** StartCopyJob, DescribeCopyJob, ListCopyJobs, ListCopyJobSummaries. */
final class CopyJobOperations {
    private static final Set<String> SUMMARY_STATES = Set.of("CREATED", "RUNNING", "ABORTING", "ABORTED",
            "COMPLETING", "COMPLETED", "FAILING", "FAILED", "PARTIAL", "AGGREGATE_ALL", "ANY");

    private final Engine engine;

    CopyJobOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("StartCopyJob", this::start);
        ops.put("DescribeCopyJob", call -> JsonOut.object()
                .put("CopyJob", render(engine.copyJobs().describe(call.label("copyJobId")))));
        ops.put("ListCopyJobs", this::list);
        ops.put("ListCopyJobSummaries", call -> JobSummaryListing.answer(call, engine.account(), SUMMARY_STATES,
                "CopyJobSummaries", true, engine.copyJobs()::summaries));
    }

    private JsonOut start(ApiCall call) {
        Input in = call.body();
        CopyJob job = engine.copyJobs().start(new StartCopyJobRequest(in.string("RecoveryPointArn"),
                in.string("SourceBackupVaultName"), in.string("DestinationBackupVaultArn"), in.string("IamRoleArn"),
                in.string("IdempotencyToken"), PlanDocuments.lifecycle(in.object("Lifecycle"))));
        return JsonOut.object()
                .put("CopyJobId", job.jobId())
                .put("CreationDate", job.creationDate())
                .put("IsParent", false);
    }

    private JsonOut list(ApiCall call) {
        Query q = call.query();
        var page = q.page();
        var state = JobSummaryListing.StateCriterion.of(q, CopyJobState.class);
        Account account = engine.account();
        String accountId = q.string("accountId");
        String resourceType = q.string("resourceType");
        ResourceType type = resourceType == null ? null : ResourceKinds.type(resourceType).orElse(null);
        String sourcePointArn = q.string("sourceRecoveryPointArn");
        String sourcePointId = sourcePointArn == null ? null : Arn.parse(sourcePointArn)
                .flatMap(arn -> arn.resourceId("recovery-point"))
                .filter(id -> sourcePointArn.equals(account.recoveryPointArn(id)))
                .orElse(null);
        boolean nothingMatches = (accountId != null && !accountId.equals(account.accountId()))
                || (resourceType != null && type == null) || (sourcePointArn != null && sourcePointId == null)
                || q.string("parentJobId") != null || state.none();
        CopyJobFilter filter = new CopyJobFilter(q.string("resourceArn"), state.state(),
                type, q.string("destinationVaultArn"), sourcePointId, q.timestamp("createdAfter"),
                q.timestamp("createdBefore"), q.timestamp("completeAfter"), q.timestamp("completeBefore"));
        Page<CopyJob> jobs = nothingMatches ? new Page<>(List.of(), null) : engine.copyJobs().list(filter, page);
        return Paging.render(jobs, "CopyJobs", this::render);
    }

    /** Known for a vault of this cell only: the lock of a vault elsewhere is for its own cell or site to tell. */
    private String destinationLockState(String vaultArn) {
        Account account = engine.account();
        return CopyTargets.vaultName(vaultArn).filter(name -> account.vaultArn(name).equals(vaultArn))
                .map(name -> VaultOperations.lockState(engine.vaultLocks().find(name), engine.clock().now()))
                .orElse(null);
    }

    /** Known for a vault of this cell only, like its lock: an ordinary vault or a logically air-gapped one. */
    private String destinationVaultType(String vaultArn) {
        Account account = engine.account();
        return CopyTargets.vaultName(vaultArn).filter(name -> account.vaultArn(name).equals(vaultArn))
                .flatMap(engine.vaults()::findIfAny).map(v -> v.type().name()).orElse(VaultOperations.VAULT_TYPE);
    }

    /** The CopyJob shape. The model has no member for the bytes a copy transferred: its StatusMessage gives them. */
    private JsonOut render(CopyJob j) {
        Account account = engine.account();
        return JsonOut.object()
                .put("AccountId", account.accountId())
                .put("CopyJobId", j.jobId())
                .put("SourceBackupVaultArn", account.vaultArn(j.sourceVaultName()))
                .put("SourceRecoveryPointArn", account.recoveryPointArn(j.sourceRecoveryPointId()))
                .put("DestinationBackupVaultArn", j.destinationVaultArn())
                .put("DestinationVaultType", destinationVaultType(j.destinationVaultArn()))
                .put("DestinationVaultLockState", destinationLockState(j.destinationVaultArn()))
                .put("DestinationRecoveryPointArn", j.destinationRecoveryPointArn())
                .put("DestinationEncryptionKeyArn", Arn.parse(j.destinationVaultArn())
                        .map(arn -> new Account(arn.account(), arn.region()).masterKeyArn()).orElse(null))
                .put("DestinationRecoveryPointLifecycle", PlanDocuments.render(j.lifecycle()))
                .put("ResourceArn", j.resourceArn())
                .put("CreationDate", j.creationDate())
                .put("CompletionDate", j.completionDate())
                .put("State", j.state().name())
                .put("StatusMessage", j.statusMessage())
                .put("MessageCategory", MessageCategory.of(j.state().name()).map(Enum::name).orElse(null))
                .put("BackupSizeInBytes", j.backupSizeInBytes())
                .put("IamRoleArn", j.iamRoleArn())
                .put("CreatedBy", PlanDocuments.render(account, j.createdBy()))
                .put("CreatedByBackupJobId", j.createdByBackupJobId())
                .put("ResourceType", j.resourceType().wireName())
                .put("ResourceName", j.resourceName())
                .put("IsParent", false);
    }
}
