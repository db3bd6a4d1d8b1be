package dev.hokan.engine.iam;

import static dev.hokan.engine.iam.PolicyEvaluatorTest.COPY_INTO;
import static dev.hokan.engine.iam.PolicyEvaluatorTest.DEST;
import static dev.hokan.engine.iam.PolicyEvaluatorTest.DEST_VAULT;
import static dev.hokan.engine.iam.PolicyEvaluatorTest.FULL_ACCESS;
import static dev.hokan.engine.iam.PolicyEvaluatorTest.OPERATOR;
import static dev.hokan.engine.iam.PolicyEvaluatorTest.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.engine.iam.Decision.Outcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policies of seed 003 (cross-account copies), verbatim; the first one's account placeholder, broken over lines
 * in the seed, is a real account ID here.
 */
class Seed003PoliciesTest {
    private static final String ACCOUNT_ROOT_GRANT = """
            { "Version": "2012-10-17", "Statement": [ { "Sid": "Allow account to copy into backup vault", "Effect": "Allow", "Action": "backup:CopyIntoBackupVault", "Resource": "*", "Principal": { "AWS": "arn:aws:iam::444455556666:root" } } ] }""";
    private static final String ACCOUNT_AND_ROLE_GRANT = """
            { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "AWS":[ "arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:role/SomeRole" ] }, "Action":"backup:CopyIntoBackupVault", "Resource":"*" } ] }""";
    private static final String ORG_PATHS_GRANT = """
            { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":"*", "Action":"backup:CopyIntoBackupVault", "Resource":"*", "Condition":{ "ForAnyValue:StringLike":{ "aws:PrincipalOrgPaths":[ "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/", "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/ou-jkl0-awsddddd/*" ] } } } ] }""";
    private static final String ORG_ID_GRANT = """
            { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":"*", "Action":"backup:CopyIntoBackupVault", "Resource":"*", "Condition":{ "StringEquals":{ "aws:PrincipalOrgID":[ "o-a1b2c3d4e5" ] } } } ] }""";
    private static final String SCP_TAGGED_DESTINATIONS = """
            { "Version":"2012-10-17", "Statement":[ { "Effect":"Deny", "Action":"backup:CopyIntoBackupVault", "Resource":"*", "Condition":{ "Null":{ "aws:ResourceTag/DestinationBackupVault":"true" } } } ] }""";
    private static final String SCP_COPY_TARGETS = """
            { "Version":"2012-10-17", "Statement":[ { "Effect":"Deny", "Action":"backup:CopyFromBackupVault", "Resource":"arn:aws:ec2:*:snapshot/*", "Condition":{ "ForAllValues:ArnNotLike":{ "backup:CopyTargets":[ "arn:aws:backup:*:112233445566:backup-vault:cab-*", "arn:aws:backup:us-west-1:123456789012:backup-vault:fort-knox" ] } } } ] }""";
    private static final String SCP_COPY_TARGET_ORG_PATHS = """
            { "Version":"2012-10-17", "Statement":[ { "Effect":"Deny", "Action":"backup:CopyFromBackupVault", "Resource":"*", "Condition":{ "ForAllValues:StringNotLike":{ "backup:CopyTargetOrgPaths":[ "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/", "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/ou-jkl0-awsddddd/*" ] } } } ] }""";

    private static final String COPIER = "arn:aws:iam::" + SOURCE + ":role/BackupCopier";
    private static final String COPY_FROM = "backup:CopyFromBackupVault";
    private static final String ORG_PATH = "o-a1b2c3d4e5/r-f6g7h8i9j0example/";

    private static Decision copyInto(String principalArn, Policy vaultPolicy, ConditionContext context) {
        AuthorizationRequest request = PolicyEvaluatorTest.request(principalArn, COPY_INTO, DEST_VAULT, context);
        return PolicyEvaluator.evaluate(request, PolicyEvaluatorTest.policies(List.of(OPERATOR), vaultPolicy));
    }

    private static Decision copyInto(String principalArn, Policy vaultPolicy) {
        return copyInto(principalArn, vaultPolicy, ConditionContext.empty());
    }

    private static Policy destinationVault(String policy) {
        return Policy.backupVaultAccess("dest", PolicyDocument.parse(policy));
    }

    private static ConditionContext orgPaths(String... paths) {
        return ConditionContext.empty().with("aws:PrincipalOrgPaths", paths);
    }

    /** The source account's principal starting a copy of {@code recoveryPoint}, under the SCPs of its OU. */
    private static Decision copyFrom(String scp, String recoveryPoint, ConditionContext context) {
        AuthorizationRequest request = new AuthorizationRequest(COPIER, SOURCE, COPY_FROM, recoveryPoint, SOURCE,
                context);
        PolicySet policies = new PolicySet(List.of(OPERATOR), false, Optional.empty(),
                List.of(List.of(FULL_ACCESS), List.of(FULL_ACCESS, Policy.serviceControl("RestrictCopies",
                        PolicyDocument.parse(scp)))),
                List.of("r-f6g7h8i9j0example", "ou-def0-awsbbbbb"));
        return PolicyEvaluator.evaluate(request, policies);
    }

    @Test
    void theAccountRootGrantLetsEveryPrincipalOfThatAccountCopyIntoTheVaultAndNothingElse() {
        Policy vault = destinationVault(ACCOUNT_ROOT_GRANT);
        assertThat(PolicyDocument.parse(ACCOUNT_ROOT_GRANT).json()).isEqualTo(ACCOUNT_ROOT_GRANT);
        assertThat(copyInto(COPIER, vault)).isEqualTo(new Decision(Outcome.ALLOW,
                "allowed by statement \"All\" of identity-based policy \"Operator\" and statement"
                        + " \"Allow account to copy into backup vault\" of backup vault access policy of \"dest\""));
        assertThat(copyInto("arn:aws:iam::111122223333:role/BackupCopier", vault).outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
        AuthorizationRequest delete = PolicyEvaluatorTest.request(COPIER, "backup:DeleteRecoveryPoint",
                "arn:aws:backup:us-east-1:" + DEST + ":recovery-point:p-1", ConditionContext.empty());
        assertThat(PolicyEvaluator.evaluate(delete, PolicyEvaluatorTest.policies(List.of(OPERATOR), vault)).outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void theTwoPrincipalGrantTakesTheWholeFirstAccountAndOneRoleOfTheSecond() {
        Policy vault = destinationVault(ACCOUNT_AND_ROLE_GRANT);
        assertThat(copyInto("arn:aws:iam::444455556666:user/alice", vault).allowed()).isTrue();
        assertThat(copyInto("arn:aws:iam::111122223333:role/SomeRole", vault).allowed()).isTrue();
        assertThat(copyInto("arn:aws:iam::111122223333:role/OtherRole", vault).outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(copyInto("arn:aws:iam::111122223333:root", vault).allowed()).isFalse();
    }

    @Test
    void theOrgPathsGrantTakesTheOuItselfAndEverythingUnderItsChildOu() {
        Policy vault = destinationVault(ORG_PATHS_GRANT);
        assertThat(copyInto(COPIER, vault, orgPaths(ORG_PATH + "ou-def0-awsbbbbb/")).allowed()).isTrue();
        assertThat(copyInto(COPIER, vault, orgPaths(ORG_PATH + "ou-def0-awsbbbbb/ou-jkl0-awsddddd/ou-jkl0-awseeeee/"))
                .allowed()).isTrue();
        assertThat(copyInto(COPIER, vault, orgPaths(ORG_PATH + "ou-def0-awsbbbbb/ou-jkl0-awscccccc/")).allowed())
                .as("another child OU").isFalse();
        assertThat(copyInto(COPIER, vault, orgPaths("o-zzzzzzzzzz/r-f6g7h8i9j0example/ou-def0-awsbbbbb/")).allowed())
                .as("another organization").isFalse();
        assertThat(copyInto(COPIER, vault).allowed()).as("no organization").isFalse();
    }

    @Test
    void theOrgIdGrantTakesEveryAccountOfTheOrganization() {
        Policy vault = destinationVault(ORG_ID_GRANT);
        assertThat(copyInto(COPIER, vault, ConditionContext.empty().with("aws:PrincipalOrgID", "o-a1b2c3d4e5"))
                .allowed()).isTrue();
        assertThat(copyInto(COPIER, vault, ConditionContext.empty().with("aws:PrincipalOrgID", "o-zzzzzzzzzz"))
                .allowed()).isFalse();
        assertThat(copyInto(COPIER, vault).allowed()).isFalse();
    }

    @Test
    void theTagScpDeniesCopiesIntoVaultsWithoutTheDestinationTag() {
        PolicySet policies = new PolicySet(List.of(OPERATOR), false, Optional.of(destinationVault(ACCOUNT_ROOT_GRANT)),
                List.of(List.of(FULL_ACCESS, Policy.serviceControl("TaggedDestinationsOnly",
                        PolicyDocument.parse(SCP_TAGGED_DESTINATIONS)))),
                List.of("r-f6g7h8i9j0example"));
        ConditionContext tagged = ConditionContext.empty().with("aws:ResourceTag/DestinationBackupVault", "yes");
        assertThat(PolicyEvaluator.evaluate(PolicyEvaluatorTest.request(COPIER, COPY_INTO, DEST_VAULT, tagged),
                policies).allowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(PolicyEvaluatorTest.request(COPIER, COPY_INTO, DEST_VAULT,
                ConditionContext.empty().with("aws:ResourceTag/Environment", "prod")), policies))
                .isEqualTo(new Decision(Outcome.EXPLICIT_DENY,
                        "explicitly denied by Statement[0] of service control policy \"TaggedDestinationsOnly\""));
    }

    @Test
    void theCopyTargetsScpLimitsCopiesOfEc2SnapshotsToTheTwoDestinations() {
        String snapshot = "arn:aws:ec2:us-east-1::snapshot/snap-0123";
        assertThat(copyFrom(SCP_COPY_TARGETS, snapshot, targets("arn:aws:backup:us-east-1:" + DEST
                + ":backup-vault:elsewhere"))).isEqualTo(new Decision(Outcome.EXPLICIT_DENY,
                "explicitly denied by Statement[0] of service control policy \"RestrictCopies\""));
        assertThat(copyFrom(SCP_COPY_TARGETS, snapshot,
                targets("arn:aws:backup:eu-west-1:112233445566:backup-vault:cab-archive")).allowed()).isTrue();
        assertThat(copyFrom(SCP_COPY_TARGETS, snapshot,
                targets("arn:aws:backup:us-west-1:123456789012:backup-vault:fort-knox")).allowed()).isTrue();
        assertThat(copyFrom(SCP_COPY_TARGETS, snapshot,
                targets("arn:aws:backup:us-east-1:123456789012:backup-vault:fort-knox")).allowed())
                .as("fort-knox in another region").isFalse();
        assertThat(copyFrom(SCP_COPY_TARGETS, snapshot, ConditionContext.empty()).allowed())
                .as("no targets at all").isFalse();
    }

    @Test
    void theCopyTargetsScpDoesNotCoverHokanRecoveryPoints() {
        String point = "arn:aws:backup:us-east-1:" + SOURCE + ":recovery-point:1a2b3c4d-0000-4000-8000-000000000001";
        assertThat(copyFrom(SCP_COPY_TARGETS, point, targets("arn:aws:backup:us-east-1:" + DEST
                + ":backup-vault:elsewhere"))).isEqualTo(new Decision(Outcome.ALLOW,
                "allowed by statement \"All\" of identity-based policy \"Operator\""));
    }

    @Test
    void theOrgPathsScpLimitsCopyTargetsToAccountsOfTheTwoOus() {
        ConditionContext inOu = targetOrgPaths(ORG_PATH + "ou-def0-awsbbbbb/");
        assertThat(copyFrom(SCP_COPY_TARGET_ORG_PATHS, "*", inOu).allowed()).isTrue();
        assertThat(copyFrom(SCP_COPY_TARGET_ORG_PATHS, "*",
                targetOrgPaths(ORG_PATH + "ou-def0-awsbbbbb/ou-jkl0-awsddddd/")).allowed()).isTrue();
        assertThat(copyFrom(SCP_COPY_TARGET_ORG_PATHS, "*",
                targetOrgPaths(ORG_PATH + "ou-def0-awsbbbbb/ou-jkl0-awscccccc/")))
                .isEqualTo(new Decision(Outcome.EXPLICIT_DENY,
                        "explicitly denied by Statement[0] of service control policy \"RestrictCopies\""));
        assertThat(copyFrom(SCP_COPY_TARGET_ORG_PATHS, "*", ConditionContext.empty()).allowed())
                .as("no target paths").isFalse();
        assertThat(copyFrom(SCP_COPY_TARGET_ORG_PATHS, "*",
                targetOrgPaths(ORG_PATH + "ou-def0-awsbbbbb/", ORG_PATH + "ou-def0-awscccccc/")).allowed())
                .as("ForAllValues: the Deny needs every target outside the OUs").isTrue();
    }

    private static ConditionContext targets(String... vaultArns) {
        return ConditionContext.empty().with("backup:CopyTargets", vaultArns);
    }

    private static ConditionContext targetOrgPaths(String... paths) {
        return ConditionContext.empty().with("backup:CopyTargetOrgPaths", paths);
    }
}
