package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;

/**
 * The vault named Default: AWS creates it only through its console, so a new account has no vault at all; Hokan
 * creates it for the first backup into it, and data directories of earlier versions keep theirs.
 */
class DefaultVaultTest extends ServerTestBase {
    /** A data directory that the server of commit 6a724b4 made: one backup of a directory into Default. */
    private static final String EARLIER_DATA_DIR = "data-dir-6a724b4";
    private static final String EARLIER_POINT =
            "arn:aws:backup:us-east-1:000000000000:recovery-point:A6C49305-1659-408A-AE02-D06B09FDEC4E";

    @Test
    void aNewAccountHasNoVaultUntilABackupNamesDefault() throws Exception {
        AwsCliTest.awsCli = AwsCliTest.awsExecutable();
        assumeTrue(AwsCliTest.awsCli != null, "the aws CLI is not installed");
        assertThat(AwsCliTest.aws("list-backup-vaults").json().get("BackupVaultList")).isEmpty();

        AwsCliTest.aws("create-backup-vault", "--backup-vault-name", "mine");
        JsonNode first = AwsCliTest.aws("list-backup-vaults").json().get("BackupVaultList").get(0);
        assertThat(first.get("BackupVaultName").asString()).isEqualTo("mine");

        String arn = hokan.registerDirectory("site", Trees.sample(dir.resolve("site"), 1), "{}");
        AwsCliTest.Result started = AwsCliTest.aws("start-backup-job", "--backup-vault-name", "Default",
                "--resource-arn", arn, "--iam-role-arn", TestServer.ROLE);
        assertThat(started.exit()).as(started.err()).isZero();
        var job = BackupRestoreTest.awaitBackup(started.json().get("BackupJobId").asString());
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(backup.listBackupVaults(r -> r.maxResults(10)).backupVaultList())
                .extracting(BackupVaultListMember::backupVaultName).containsExactlyInAnyOrder("mine", "Default");
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("Default")).numberOfRecoveryPoints())
                .isEqualTo(1);
    }

    @Test
    void aDataDirectoryOfAnEarlierVersionKeepsItsDefaultVaultAndItsPoints() throws Exception {
        Path data = TestServer.adopted(copyOf(EARLIER_DATA_DIR, dir.resolve("earlier")));
        try (TestServer earlier = TestServer.start(data)) {
            DescribeBackupVaultResponse vault = earlier.backup.describeBackupVault(r -> r.backupVaultName("Default"));
            assertThat(vault.numberOfRecoveryPoints()).isEqualTo(1);
            List<RecoveryPointByBackupVault> points = earlier.backup.listRecoveryPointsByBackupVault(r -> r
                    .backupVaultName("Default")).recoveryPoints();
            assertThat(points).extracting(RecoveryPointByBackupVault::recoveryPointArn).containsExactly(EARLIER_POINT);

            Path target = dir.resolve("restored-from-earlier");
            String restore = earlier.backup.startRestoreJob(r -> r.recoveryPointArn(EARLIER_POINT)
                    .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
            assertThat(BackupRestoreTest.awaitRestoreOn(earlier.backup, restore).status())
                    .isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(Files.readString(target.resolve("index.html"))).isEqualTo("<h1>kept across the upgrade</h1>\n");
        }
    }

    /** The fixture, copied so that the server may change it. */
    private static Path copyOf(String fixture, Path target) throws IOException, URISyntaxException {
        Path source = Path.of(DefaultVaultTest.class.getResource(fixture).toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()));
            }
        }
        return target;
    }
}
