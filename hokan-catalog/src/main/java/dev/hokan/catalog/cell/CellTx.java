package dev.hokan.catalog.cell;

import dev.hokan.catalog.Settings;
import dev.hokan.catalog.cell.audit.Frameworks;
import dev.hokan.catalog.cell.event.Events;
import dev.hokan.catalog.cell.job.BackupJobs;
import dev.hokan.catalog.cell.job.CopyJobs;
import dev.hokan.catalog.cell.job.JobClaims;
import dev.hokan.catalog.cell.job.RestoreCheckpoints;
import dev.hokan.catalog.cell.job.Jobs;
import dev.hokan.catalog.cell.job.RestoreJobs;
import dev.hokan.catalog.cell.kms.KmsAliases;
import dev.hokan.catalog.cell.kms.KmsGrants;
import dev.hokan.catalog.cell.kms.KmsKeys;
import dev.hokan.catalog.cell.notification.Deliveries;
import dev.hokan.catalog.cell.notification.Subscriptions;
import dev.hokan.catalog.cell.notification.Topics;
import dev.hokan.catalog.cell.notification.VaultNotifications;
import dev.hokan.catalog.cell.plan.BackupPlans;
import dev.hokan.catalog.cell.plan.BackupSelections;
import dev.hokan.catalog.cell.plan.ScheduleCursors;
import dev.hokan.catalog.cell.protection.LegalHolds;
import dev.hokan.catalog.cell.protection.VaultLocks;
import dev.hokan.catalog.cell.report.ReportJobs;
import dev.hokan.catalog.cell.report.ReportPlans;
import dev.hokan.catalog.cell.resource.Resources;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlans;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelections;
import dev.hokan.catalog.cell.vault.ContinuousBackups;
import dev.hokan.catalog.cell.vault.WorkClaims;
import dev.hokan.catalog.cell.vault.StorageHistory;
import dev.hokan.catalog.cell.vault.RecoveryPoints;
import dev.hokan.catalog.cell.vault.RestoreAccesses;
import dev.hokan.catalog.cell.vault.ReleasedSnapshots;
import dev.hokan.catalog.cell.vault.VaultAccessPolicies;
import dev.hokan.catalog.cell.vault.VaultRecordQueue;
import dev.hokan.catalog.cell.vault.Vaults;
import dev.hokan.catalog.sql.Sql;

/** A unit of work on a cell's catalog; gives access to its tables. */
public final class CellTx {
    private final Sql sql;

    CellTx(Sql sql) {
        this.sql = sql;
    }

    /** Runs {@code action} once this transaction has committed, and never if it does not. */
    public void afterCommit(Runnable action) {
        sql.afterCommit(action);
    }

    /** How this transaction's tables run SQL; not exported, so only the catalog's own packages reach it. */
    @SuppressWarnings("exports")
    public Sql sql() {
        return sql;
    }

    public Vaults vaults() {
        return new Vaults(this);
    }

    public Tags tags() {
        return new Tags(this);
    }

    public Resources resources() {
        return new Resources(this);
    }

    public BackupPlans plans() {
        return new BackupPlans(this);
    }

    public BackupSelections selections() {
        return new BackupSelections(this);
    }

    public BackupJobs backupJobs() {
        return new BackupJobs(this);
    }

    public RecoveryPoints recoveryPoints() {
        return new RecoveryPoints(this);
    }

    public RestoreJobs restoreJobs() {
        return new RestoreJobs(this);
    }

    public RestoreTestingPlans restoreTestingPlans() {
        return new RestoreTestingPlans(this);
    }

    public RestoreTestingSelections restoreTestingSelections() {
        return new RestoreTestingSelections(this);
    }

    public Frameworks frameworks() {
        return new Frameworks(this);
    }

    public ReportPlans reportPlans() {
        return new ReportPlans(this);
    }

    public ReportJobs reportJobs() {
        return new ReportJobs(this);
    }

    public CopyJobs copyJobs() {
        return new CopyJobs(this);
    }

    /** Jobs of any kind; {@link #backupJobs}, {@link #restoreJobs} and {@link #copyJobs} give each kind's own queries. */
    public Jobs jobs() {
        return new Jobs(this);
    }

    public JobClaims jobClaims() {
        return new JobClaims(this);
    }

    public RestoreCheckpoints restoreCheckpoints() {
        return new RestoreCheckpoints(this);
    }

    public IdempotencyTokens idempotencyTokens() {
        return new IdempotencyTokens(this);
    }

    public ReleasedSnapshots releasedSnapshots() {
        return new ReleasedSnapshots(this);
    }

    public Events events() {
        return new Events(this);
    }

    public Settings settings() {
        return new Settings(sql);
    }

    public LegalHolds legalHolds() {
        return new LegalHolds(this);
    }

    public VaultLocks vaultLocks() {
        return new VaultLocks(this);
    }

    public ScheduleCursors scheduleCursors() {
        return new ScheduleCursors(this);
    }

    public VaultAccessPolicies vaultAccessPolicies() {
        return new VaultAccessPolicies(this);
    }

    public RestoreAccesses restoreAccesses() {
        return new RestoreAccesses(this);
    }

    public VaultRecordQueue vaultRecordQueue() {
        return new VaultRecordQueue(this);
    }

    public ContinuousBackups continuousBackups() {
        return new ContinuousBackups(this);
    }

    /** What each vault's storage held, day by day. */
    public StorageHistory storageHistory() {
        return new StorageHistory(this);
    }

    public WorkClaims workClaims() {
        return new WorkClaims(this);
    }

    public Topics topics() {
        return new Topics(this);
    }

    public Subscriptions subscriptions() {
        return new Subscriptions(this);
    }

    /** The outbox of notifications. */
    public Deliveries deliveries() {
        return new Deliveries(this);
    }

    public VaultNotifications vaultNotifications() {
        return new VaultNotifications(this);
    }

    public KmsKeys kmsKeys() {
        return new KmsKeys(this);
    }

    public KmsAliases kmsAliases() {
        return new KmsAliases(this);
    }

    public KmsGrants kmsGrants() {
        return new KmsGrants(this);
    }
}
