package dev.hokan.engine.report;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.Job;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.engine.Account;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The report templates and their columns, named as AWS names them in its sample reports ("Choosing your report
 * template", AWS Backup Developer Guide); a column whose value Hokan does not have is left out. A job report of the
 * period from {@code from} to {@code to} lists the jobs created by {@code to} that had not ended before {@code from}:
 * those that ended in the period and those still active. A compliance report lists the latest evaluations of the
 * frameworks its plan names.
 */
public enum ReportTemplate {
    BACKUP_JOB_REPORT {
        @Override
        ReportTable table(CellTx tx, Account account, Instant from, Instant to, List<String> frameworkArns) {
            List<Column<BackupJob>> columns = List.of(
                    new Column<>("backupJobId", BackupJob::jobId),
                    new Column<>("jobStatus", j -> j.state().name()),
                    new Column<>("statusMessage", BackupJob::statusMessage),
                    new Column<>("resourceType", j -> j.resourceType().wireName()),
                    new Column<>("resourceArn", BackupJob::resourceArn),
                    new Column<>("resourceName", BackupJob::resourceName),
                    new Column<>("backupPlanArn", j -> j.createdBy() == null ? null
                            : account.planArn(j.createdBy().backupPlanId())),
                    new Column<>("backupRuleId", j -> j.createdBy() == null ? null : j.createdBy().backupRuleId()),
                    new Column<>("creationDate", j -> date(j.creationDate())),
                    new Column<>("completionDate", j -> date(j.completionDate())),
                    new Column<>("recoveryPointArn", j -> j.recoveryPointId() == null ? null
                            : account.recoveryPointArn(j.recoveryPointId())),
                    new Column<>("jobRunTime", ReportTemplate::runTime),
                    new Column<>("backupSizeInBytes", BackupJob::backupSizeInBytes),
                    new Column<>("backupVaultName", BackupJob::vaultName),
                    new Column<>("backupVaultArn", j -> account.vaultArn(j.vaultName())),
                    new Column<>("deleteAfterDays", j -> deleteAfterDays(j.lifecycle())),
                    new Column<>("moveToColdAfterDays", j -> moveToColdAfterDays(j.lifecycle())),
                    new Column<>("iamRoleArn", BackupJob::iamRoleArn));
            return periodTable(account, from, to, columns, tx.backupJobs().activeDuring(from, to));
        }
    },
    COPY_JOB_REPORT {
        @Override
        ReportTable table(CellTx tx, Account account, Instant from, Instant to, List<String> frameworkArns) {
            List<Column<CopyJob>> columns = List.of(
                    new Column<>("copyJobId", CopyJob::jobId),
                    new Column<>("jobStatus", j -> j.state().name()),
                    new Column<>("statusMessage", CopyJob::statusMessage),
                    new Column<>("jobRunTime", ReportTemplate::runTime),
                    new Column<>("resourceType", j -> j.resourceType().wireName()),
                    new Column<>("resourceArn", CopyJob::resourceArn),
                    new Column<>("resourceName", CopyJob::resourceName),
                    new Column<>("creationDate", j -> date(j.creationDate())),
                    new Column<>("completionDate", j -> date(j.completionDate())),
                    new Column<>("backupSizeInBytes", CopyJob::backupSizeInBytes),
                    new Column<>("sourceRecoveryPointArn", j -> account.recoveryPointArn(j.sourceRecoveryPointId())),
                    new Column<>("sourceBackupVaultArn", j -> account.vaultArn(j.sourceVaultName())),
                    new Column<>("destinationRecoveryPointArn", CopyJob::destinationRecoveryPointArn),
                    new Column<>("destinationBackupVaultArn", CopyJob::destinationVaultArn),
                    new Column<>("deleteAfterDays", j -> deleteAfterDays(j.lifecycle())),
                    new Column<>("moveToColdAfterDays", j -> moveToColdAfterDays(j.lifecycle())),
                    new Column<>("iamRoleArn", CopyJob::iamRoleArn));
            return periodTable(account, from, to, columns, tx.copyJobs().activeDuring(from, to));
        }
    },
    /** AWS's restore report gives its period as one column, "START - END". */
    RESTORE_JOB_REPORT {
        @Override
        ReportTable table(CellTx tx, Account account, Instant from, Instant to, List<String> frameworkArns) {
            String period = periodDate(from) + " - " + periodDate(to);
            List<Column<RestoreJob>> columns = List.of(
                    new Column<>("reportTimePeriod", j -> period),
                    new Column<>("accountId", j -> account.accountId()),
                    new Column<>("region", j -> account.region()),
                    new Column<>("restoreJobId", RestoreJob::jobId),
                    new Column<>("jobStatus", j -> j.state().name()),
                    new Column<>("statusMessage", RestoreJob::statusMessage),
                    new Column<>("recoveryPointArn", j -> account.recoveryPointArn(j.recoveryPointId())),
                    new Column<>("sourceResourceArn", RestoreJob::resourceArn),
                    new Column<>("backupVaultArn", j -> account.vaultArn(j.vaultName())),
                    new Column<>("creationDate", j -> date(j.creationDate())),
                    new Column<>("completionDate", j -> date(j.completionDate())),
                    new Column<>("backupSizeInBytes", RestoreJob::backupSizeInBytes),
                    new Column<>("percentDone", j -> String.format(Locale.ROOT, "%.2f%%", j.percentDone())),
                    new Column<>("iamRoleArn", RestoreJob::iamRoleArn));
            return rows(columns, tx.restoreJobs().activeDuring(from, to));
        }
    },
    /** The latest evaluation of each control and resource of the frameworks named, whatever the period. */
    RESOURCE_COMPLIANCE_REPORT {
        @Override
        ReportTable table(CellTx tx, Account account, Instant from, Instant to, List<String> frameworkArns) {
            return ComplianceTables.resources(tx, account, frameworkArns);
        }
    },
    /** The latest evaluation of each control of the frameworks named, counting its resources. */
    CONTROL_COMPLIANCE_REPORT {
        @Override
        ReportTable table(CellTx tx, Account account, Instant from, Instant to, List<String> frameworkArns) {
            return ComplianceTables.controls(tx, account, frameworkArns);
        }
    };

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PERIOD_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * The report's rows from the cell's catalog: for the jobs of the period from {@code from} to {@code to}, or for
     * the frameworks of {@code frameworkArns} in the cell.
     */
    abstract ReportTable table(CellTx tx, Account account, Instant from, Instant to, List<String> frameworkArns);

    /** Whether the template reports on frameworks, which the plan's setting then names. */
    boolean coversFrameworks() {
        return this == RESOURCE_COMPLIANCE_REPORT || this == CONTROL_COMPLIANCE_REPORT;
    }

    /** One column of a template: its name and its value for a job. */
    private record Column<J>(String name, Function<J, Object> value) {
    }

    /** The columns AWS's backup and copy reports begin with (the period, the account and region), then the job's. */
    private static <J> ReportTable periodTable(Account account, Instant from, Instant to, List<Column<J>> jobColumns,
                                               List<J> jobs) {
        List<Column<J>> columns = new ArrayList<>(List.of(
                new Column<>("reportTimePeriodStart", j -> periodDate(from)),
                new Column<>("reportTimePeriodEnd", j -> periodDate(to)),
                new Column<>("accountId", j -> account.accountId()),
                new Column<>("region", j -> account.region())));
        columns.addAll(jobColumns);
        return rows(columns, jobs);
    }

    private static <J> ReportTable rows(List<Column<J>> columns, List<J> jobs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (J job : jobs) {
            Map<String, Object> row = new LinkedHashMap<>();
            columns.forEach(c -> row.put(c.name(), c.value().apply(job)));
            rows.add(row);
        }
        return new ReportTable(columns.stream().map(Column::name).toList(), rows);
    }

    static String date(Instant at) {
        return at == null ? null : DATE.format(at);
    }

    private static String periodDate(Instant at) {
        return PERIOD_DATE.format(at);
    }

    /** HH:MM:SS from the job's creation to its completion; empty while it runs. */
    private static String runTime(Job job) {
        if (job.completionDate() == null) {
            return null;
        }
        long seconds = Duration.between(job.creationDate(), job.completionDate()).toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static Long deleteAfterDays(Lifecycle lifecycle) {
        return lifecycle == null ? null : lifecycle.deleteAfterDays();
    }

    private static Long moveToColdAfterDays(Lifecycle lifecycle) {
        return lifecycle == null ? null : lifecycle.moveToColdStorageAfterDays();
    }
}
