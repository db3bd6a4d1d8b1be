package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.backup.model.CopyJob;
import tools.jackson.databind.JsonNode;

/**
 * Every seed 003 path of {@link CrossAccountCopyTest} again, with the real aws CLI starting and describing the copy
 * jobs, putting the vault policies and switching cross-account backup on and off.
 */
class CrossAccountCopyCliTest extends CrossAccountCopyTest {
    @BeforeAll
    static void findCli() {
        AwsCliTest.awsCli = AwsCliTest.awsExecutable();
        assumeTrue(AwsCliTest.awsCli != null, "the aws CLI is not installed");
    }

    @Override
    void putVaultPolicy(String vault, String policy) {
        AwsCliTest.Result put = cli(vaults, "put-backup-vault-access-policy", "--backup-vault-name", vault,
                "--policy", policy);
        assertThat(put.exit()).as(put.err()).isZero();
    }

    @Override
    void crossAccountBackup(boolean enabled) {
        AwsCliTest.Result updated = cli(null, "update-global-settings", "--global-settings",
                "isCrossAccountBackupEnabled=" + enabled);
        assertThat(updated.exit()).as(updated.err()).isZero();
    }

    @Override
    CopyJob copyOf(String point, String destinationVaultArn) {
        AwsCliTest.Result started = cli(prod, "start-copy-job", "--recovery-point-arn", point,
                "--source-backup-vault-name", "prod", "--destination-backup-vault-arn", destinationVaultArn,
                "--iam-role-arn", TestServer.ROLE);
        assertThat(started.exit()).as(started.err()).isZero();
        String id = started.json().get("CopyJobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> Set.of("COMPLETED", "FAILED", "PARTIAL")
                .contains(describe(id).get("State").asString()));
        JsonNode job = describe(id);
        return CopyJob.builder().copyJobId(id).state(job.get("State").asString())
                .statusMessage(job.path("StatusMessage").asString(null))
                .destinationRecoveryPointArn(job.path("DestinationRecoveryPointArn").asString(null)).build();
    }

    private static JsonNode describe(String copyJobId) {
        AwsCliTest.Result described = cli(prod, "describe-copy-job", "--copy-job-id", copyJobId);
        assertThat(described.exit()).as(described.err()).isZero();
        return described.json().get("CopyJob");
    }

    /** Runs the aws CLI as the account's root user, or as the operator (the management account) for null. */
    private static AwsCliTest.Result cli(Account account, String... args) {
        try {
            return account == null ? AwsCliTest.aws(args) : AwsCliTest.awsAs(account.accessKey(), account.secret(), args);
        } catch (Exception e) {
            throw new IllegalStateException("the aws CLI did not run", e);
        }
    }
}
