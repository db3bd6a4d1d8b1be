package dev.hokan.api;

import static dev.hokan.api.TestIdentities.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hokan.api.TestIdentities.Signer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.Lifecycle;

/**
 * An ARN is taken only in the one form AWS writes it, so that no other spelling of a resource's ARN escapes the
 * policies written for it: every alias is InvalidParameterValueException, before anything is authorised or stored.
 */
class CanonicalArnTest extends ServerTestBase {
    private static final String VAULT = "arn:aws:backup:us-east-1:000000000000:backup-vault:v1";

    /** Other spellings of {@code resource}'s ARN in account 000000000000, us-east-1. */
    private static List<String> aliases(String service, String resource, String alternativeSeparator) {
        return List.of(
                "arn:aws-cn:" + service + ":us-east-1:000000000000:" + resource,
                "arn:AWS:" + service + ":us-east-1:000000000000:" + resource,
                "arn:aws:" + service.toUpperCase() + ":us-east-1:000000000000:" + resource,
                "arn:aws:" + service + ":US-EAST-1:000000000000:" + resource,
                "arn:aws:" + service + ":us-east-1:0000:" + resource,
                "arn:aws:" + service + ":us-east-1::" + resource,
                "arn:aws:" + service + "::000000000000:" + resource,
                "arn:aws:" + service + ":us-east-1:000000000000:" + alternativeSeparator);
    }

    @Test
    void taggingRefusesEveryAliasOfAVaultsArnAndADenyOnTheCanonicalOneHolds() {
        backup.createBackupVault(r -> r.backupVaultName("v1"));
        TestIdentities ids = new TestIdentities(hokan);
        Signer tagger = ids.createUser(ids.operator(), "tagger", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"backup:*","Resource":"*"},\
                {"Effect":"Deny","Action":"backup:TagResource","Resource":"%s"}]}""".formatted(VAULT));
        BackupClient client = tagger.client();

        for (String alias : aliases("backup", "backup-vault:v1", "backup-vault/v1")) {
            assertInvalid(alias, () -> client.tagResource(r -> r.resourceArn(alias).tags(Map.of("env", "prod"))));
            assertInvalid(alias, () -> backup.tagResource(r -> r.resourceArn(alias).tags(Map.of("env", "prod"))));
            assertInvalid(alias, () -> backup.untagResource(r -> r.resourceArn(alias).tagKeyList("env")));
            assertInvalid(alias, () -> backup.listTags(r -> r.resourceArn(alias)));
        }
        BackupException denied = catchThrowableOfType(BackupException.class,
                () -> client.tagResource(r -> r.resourceArn(VAULT).tags(Map.of("env", "prod"))));
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(backup.listTags(r -> r.resourceArn(VAULT)).tags()).isEmpty();
    }

    @Test
    void recoveryPointAndLegalHoldArnsAreTakenOnlyInCanonicalForm() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("points"));
        String resource = hokan.registerDirectory("points", Trees.sample(dir.resolve("points"), 2), "{}");
        String point = BackupRestoreTest.backupNow("points", resource, Lifecycle.builder().build());
        String id = point.substring(point.lastIndexOf(':') + 1);

        for (String alias : aliases("backup", "recovery-point:" + id, "recovery-point/" + id)) {
            assertInvalid(alias, () -> backup.describeRecoveryPoint(r -> r.backupVaultName("points")
                    .recoveryPointArn(alias)));
            assertInvalid(alias, () -> backup.deleteRecoveryPoint(r -> r.backupVaultName("points")
                    .recoveryPointArn(alias)));
            assertInvalid(alias, () -> backup.startRestoreJob(r -> r.recoveryPointArn(alias)
                    .metadata(Map.of("TargetPath", dir.resolve("never").toString()))));
            assertInvalid(alias, () -> backup.createLegalHold(r -> r.title("by alias").description("d")
                    .recoveryPointSelection(s -> s.resourceIdentifiers(alias))));
        }
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("points").recoveryPointArn(point))
                .statusAsString()).isEqualTo("COMPLETED");

        for (String alias : aliases("hokan", "directory/points", "directory:points")) {
            assertInvalid(alias, () -> backup.listRecoveryPointsByResource(r -> r.resourceArn(alias)));
            assertInvalid(alias, () -> backup.listBackupJobs(r -> r.byResourceArn(alias)));
            assertInvalid(alias, () -> backup.startBackupJob(r -> r.backupVaultName("points").resourceArn(alias)
                    .iamRoleArn(TestServer.ROLE)));
        }
        for (String alias : aliases("backup", "backup-vault:points", "backup-vault/points")) {
            assertInvalid(alias, () -> backup.startCopyJob(r -> r.recoveryPointArn(point)
                    .sourceBackupVaultName("points").destinationBackupVaultArn(alias).iamRoleArn(TestServer.ROLE)));
        }

        String hold = backup.createLegalHold(r -> r.title("canonical").description("d")
                .recoveryPointSelection(s -> s.resourceIdentifiers(resource))).legalHoldArn();
        String holdId = hold.substring(hold.lastIndexOf(':') + 1);
        for (String alias : aliases("backup", "legal-hold:" + holdId, "legal-hold/" + holdId)) {
            assertInvalid(alias, () -> backup.tagResource(r -> r.resourceArn(alias).tags(Map.of("case", "x"))));
        }
    }

    @Test
    void principalArnsOfTheAdminApiAreTakenOnlyInCanonicalForm() {
        for (String alias : List.of("arn:aws-cn:iam::000000000000:root", "arn:aws:iam:us-east-1:000000000000:root",
                "arn:aws:iam::000000000000:user:someone", "arn:aws:iam::0:user/someone")) {
            HttpResponse<String> refused = hokan.signed("GET", "/hokan/v1/admin/principals/" + encode(alias)
                    + "/policies", null);
            assertThat(refused.statusCode()).as(alias).isEqualTo(400);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).as(alias)
                    .hasValue("InvalidParameterValueException");
            assertThat(refused.body()).contains(alias).contains("canonical form");
        }
    }

    @Test
    void aCopyArrivingFromAnotherSiteCarriesOnlyCanonicalArns() {
        String source = "arn:aws:backup:us-west-1:000000000000:";
        for (String alias : aliases("hokan", "directory/far", "directory:far")) {
            HttpResponse<String> refused = hokan.signed("POST", "/hokan/v1/copy-sessions", """
                    {"DestinationBackupVaultArn":"%s","CopyJobId":"job-1","RecoveryPointId":"copy-1",                    "SourceBackupVaultArn":"%sbackup-vault:far","SourceVaultId":"far-id",                    "SourceRecoveryPointArn":"%srecovery-point:point-1","ResourceArn":"%s",                    "ResourceType":"Directory","Status":"COMPLETED"}""".formatted(VAULT, source, source, alias));
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).as(refused.body())
                    .hasValue("InvalidParameterValueException");
            assertThat(refused.body()).contains(alias);
        }
    }

    private static void assertInvalid(String alias, Executable call) {
        InvalidParameterValueException refused = catchThrowableOfType(InvalidParameterValueException.class,
                call::execute);
        assertThat(refused).as(alias).isNotNull();
        assertThat(refused.awsErrorDetails().errorMessage()).as(alias).contains(alias);
    }
}
