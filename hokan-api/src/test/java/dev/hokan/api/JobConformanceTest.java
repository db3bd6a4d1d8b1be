package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;

/** Backup, copy and restore jobs and their summaries: every member of the model's answers, or why not. */
class JobConformanceTest extends ConformanceTestBase {
    private static final Map<String, String> NOT_HERE = Map.ofEntries(
            Map.entry("DescribeBackupJobOutput.StatusMessage", "a backup that completed has nothing to report"),
            Map.entry("BackupJob.StatusMessage", "a backup that completed has nothing to report"),
            Map.entry("DescribeBackupJobOutput.CreatedBy", "an on-demand job has no plan"),
            Map.entry("BackupJob.CreatedBy", "an on-demand job has no plan"),
            Map.entry("CopyJob.CreatedBy", "an on-demand job has no plan"),
            Map.entry("CopyJob.CreatedByBackupJobId", "an on-demand copy follows no backup"),
            Map.entry("DescribeBackupJobOutput.BackupOptions", "Hokan has no backup options (Windows VSS)"),
            Map.entry("BackupJob.BackupOptions", "Hokan has no backup options (Windows VSS)"),
            Map.entry("DescribeBackupJobOutput.BackupType", "given with Windows VSS backup options only"),
            Map.entry("BackupJob.BackupType", "given with Windows VSS backup options only"),
            Map.entry("DescribeBackupJobOutput.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("BackupJob.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("CopyJob.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("DescribeRestoreJobOutput.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("RestoreJobsListMember.ParentJobId", "Hokan has no composite jobs"),
            Map.entry("DescribeBackupJobOutput.NumberOfChildJobs", "Hokan has no composite jobs"),
            Map.entry("DescribeBackupJobOutput.ChildJobsInState", "Hokan has no composite jobs"),
            Map.entry("CopyJob.NumberOfChildJobs", "Hokan has no composite jobs"),
            Map.entry("CopyJob.ChildJobsInState", "Hokan has no composite jobs"),
            Map.entry("CopyJob.CompositeMemberIdentifier", "Hokan has no composite jobs"),
            Map.entry("DescribeRestoreJobOutput.StatusMessage", "a restore that completed has nothing to report"),
            Map.entry("RestoreJobsListMember.StatusMessage", "a restore that completed has nothing to report"),
            Map.entry("DescribeRestoreJobOutput.CreatedBy", "only restore testing plans create restores this way"),
            Map.entry("RestoreJobsListMember.CreatedBy", "only restore testing plans create restores this way"),
            Map.entry("DescribeRestoreJobOutput.ValidationStatus", "only the restores of restore tests are validated and deleted"),
            Map.entry("DescribeRestoreJobOutput.ValidationStatusMessage", "only the restores of restore tests are validated and deleted"),
            Map.entry("DescribeRestoreJobOutput.DeletionStatus", "only the restores of restore tests are validated and deleted"),
            Map.entry("DescribeRestoreJobOutput.DeletionStatusMessage", "only the restores of restore tests are validated and deleted"),
            Map.entry("RestoreJobsListMember.ValidationStatus", "only the restores of restore tests are validated and deleted"),
            Map.entry("RestoreJobsListMember.ValidationStatusMessage", "only the restores of restore tests are validated and deleted"),
            Map.entry("RestoreJobsListMember.DeletionStatus", "only the restores of restore tests are validated and deleted"),
            Map.entry("RestoreJobsListMember.DeletionStatusMessage", "only the restores of restore tests are validated and deleted"));

    @Test
    void jobsAndSummariesAnswerEveryMemberOfTheModel() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("jobs-source"));
        backup.createBackupVault(r -> r.backupVaultName("jobs-target"));
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("jobs-target").minRetentionDays(1L));
        String resource = hokan.registerDirectory("jobs", Trees.sample(dir.resolve("jobs"), 4), "{}");
        String point = BackupRestoreTest.backupNow("jobs-source", resource,
                Lifecycle.builder().moveToColdStorageAfterDays(30L).deleteAfterDays(120L).build());
        String backupJob = backup.listBackupJobs(r -> r.byResourceArn(resource)).backupJobs().getFirst().backupJobId();
        String copyJob = backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("jobs-source")
                .destinationBackupVaultArn("arn:aws:backup:us-east-1:000000000000:backup-vault:jobs-target")
                .iamRoleArn(TestServer.ROLE).lifecycle(l -> l.moveToColdStorageAfterDays(30L).deleteAfterDays(120L)))
                .copyJobId();
        assertThat(CopyJobTest.awaitCopyOn(backup, copyJob).state()).isEqualTo(CopyJobState.COMPLETED);
        String restoreJob = backup.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(Map.of("TargetPath", dir.resolve("jobs-restored").toString()))).restoreJobId();
        assertThat(BackupRestoreTest.awaitRestore(restoreJob).status()).isEqualTo(RestoreJobStatus.COMPLETED);

        JsonNode job = assertConforms("DescribeBackupJob", "/backup-jobs/" + backupJob, NOT_HERE);
        assertThat(job.get("MessageCategory").stringValue()).isEqualTo("SUCCESS");
        assertThat(job.has("StatusMessage")).as("a plain completed backup, not one completed with issues").isFalse();
        assertThat(job.get("VaultLockState").stringValue()).isEqualTo("UNLOCKED");
        assertThat(job.get("ExpectedCompletionDate")).isEqualTo(job.get("CompletionDate"));
        assertConforms("ListBackupJobs", "/backup-jobs/?resourceArn=" + encoded(resource), NOT_HERE);
        JsonNode copy = assertConforms("DescribeCopyJob", "/copy-jobs/" + copyJob, NOT_HERE).get("CopyJob");
        assertThat(copy.get("DestinationEncryptionKeyArn").stringValue())
                .isEqualTo("arn:aws:hokan:us-east-1:000000000000:key/master");
        assertThat(copy.get("DestinationVaultLockState").stringValue()).isEqualTo("UNLOCKED");
        assertConforms("ListCopyJobs", "/copy-jobs/?resourceArn=" + encoded(resource), NOT_HERE);
        JsonNode restore = assertConforms("DescribeRestoreJob", "/restore-jobs/" + restoreJob, NOT_HERE);
        assertThat(restore.get("ExpectedCompletionTimeMinutes").longValue()).isZero();
        assertConforms("ListRestoreJobs", "/restore-jobs/", NOT_HERE);
        JsonNode summaries = assertConforms("ListBackupJobSummaries", "/audit/backup-job-summaries", NOT_HERE);
        assertThat(summaries.get("BackupJobSummaries").get(0).get("MessageCategory").stringValue())
                .isEqualTo("SUCCESS");
        assertConforms("ListCopyJobSummaries", "/audit/copy-job-summaries", NOT_HERE);
        JsonNode restores = assertConforms("ListRestoreJobSummaries", "/audit/restore-job-summaries?State=COMPLETED",
                NOT_HERE).get("RestoreJobSummaries");
        assertThat(restores).singleElement().satisfies(s -> {
            assertThat(s.get("Count").longValue()).isEqualTo(1);
            assertThat(s.has("MessageCategory")).as("RestoreJobSummary has no such member").isFalse();
        });
        JsonNode metadata = assertConforms("GetRestoreJobMetadata", "/restore-jobs/" + restoreJob + "/metadata",
                NOT_HERE);
        assertThat(metadata.get("Metadata").get("TargetPath").stringValue())
                .isEqualTo(dir.resolve("jobs-restored").toString());
    }

    @Test
    void theMessageCategoryOfAJobFollowsHowItEndedAndFiltersListsAndSummaries() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("categories"));
        String resource = hokan.registerDirectory("categories", Trees.sample(dir.resolve("categories"), 5), "{}");
        BackupRestoreTest.backupNow("categories", resource, null);
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("categories").minRetentionDays(7L));
        String failed = backup.startBackupJob(r -> r.backupVaultName("categories").iamRoleArn(TestServer.ROLE)
                .resourceArn(resource).lifecycle(l -> l.deleteAfterDays(1L))).backupJobId();
        BackupRestoreTest.awaitBackup(failed);

        AwsCliTest.findCli();
        AwsCliTest.Result success = AwsCliTest.aws("list-backup-job-summaries", "--message-category", "SUCCESS");
        assertThat(success.exit()).as(success.err()).isZero();
        assertThat(success.json().get("BackupJobSummaries")).allSatisfy(s -> {
            assertThat(s.get("State").asString()).isEqualTo("COMPLETED");
            assertThat(s.get("MessageCategory").asString()).isEqualTo("SUCCESS");
        });
        AwsCliTest.Result all = AwsCliTest.aws("list-backup-job-summaries", "--message-category", "AGGREGATE_ALL",
                "--state", "AGGREGATE_ALL");
        assertThat(all.json().get("BackupJobSummaries")).singleElement()
                .satisfies(s -> assertThat(s.get("MessageCategory").asString()).isEqualTo("AGGREGATE_ALL"));
        assertThat(backup.listBackupJobs(r -> r.byMessageCategory("FAILED").byResourceArn(resource)).backupJobs())
                .singleElement().satisfies(j -> assertThat(j.backupJobId()).isEqualTo(failed));
        assertThat(backup.listBackupJobs(r -> r.byMessageCategory("SUCCESS").byState("FAILED")).backupJobs())
                .isEmpty();
        AwsCliTest.Result refused = AwsCliTest.aws("list-backup-job-summaries", "--message-category", "Nonsense");
        assertThat(refused.err()).contains("InvalidParameterValueException").contains("MessageCategory must be ANY");
    }
}
