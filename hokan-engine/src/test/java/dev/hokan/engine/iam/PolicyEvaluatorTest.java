package dev.hokan.engine.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.engine.iam.Decision.Outcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    static final String SOURCE = "444455556666";
    static final String DEST = "999988887777";
    static final String ALICE = "arn:aws:iam::" + SOURCE + ":user/alice";
    static final String BOB = "arn:aws:iam::" + SOURCE + ":user/bob";
    static final String ROOT = "arn:aws:iam::" + SOURCE + ":root";
    static final String COPIER = "arn:aws:iam::" + SOURCE + ":role/Copier";
    static final String POINT = "arn:aws:backup:us-east-1:" + SOURCE + ":recovery-point:p-1";
    static final String DEST_VAULT = "arn:aws:backup:us-east-1:" + DEST + ":backup-vault:dest";
    static final String DELETE = "backup:DeleteRecoveryPoint";
    static final String COPY_INTO = "backup:CopyIntoBackupVault";
    static final Policy FULL_ACCESS = scp("FullAWSAccess", "{'Statement': {'Effect': 'Allow', 'Action': '*', 'Resource': '*'}}");
    static final Policy OPERATOR = identity("Operator",
            "{'Statement': {'Sid': 'All', 'Effect': 'Allow', 'Action': 'backup:*', 'Resource': '*'}}");

    static Policy identity(String name, String policy) {
        return Policy.identityBased(name, PolicyDocument.parse(PolicyDocumentTest.json(policy)));
    }

    static Policy scp(String name, String policy) {
        return Policy.serviceControl(name, PolicyDocument.parse(PolicyDocumentTest.json(policy)));
    }

    static Policy vaultPolicy(String vault, String policy) {
        return Policy.backupVaultAccess(vault, PolicyDocument.parse(PolicyDocumentTest.json(policy)));
    }

    /** A request whose accounts are those of the principal's and the resource's ARN. */
    static AuthorizationRequest request(String principalArn, String action, String resourceArn,
                                        ConditionContext context) {
        return new AuthorizationRequest(principalArn, principalArn.split(":")[4], action, resourceArn,
                resourceArn.split(":")[4], context);
    }

    static AuthorizationRequest request(String principalArn, String action, String resourceArn) {
        return request(principalArn, action, resourceArn, ConditionContext.empty());
    }

    static PolicySet policies(List<Policy> identity, Policy resource) {
        return new PolicySet(identity, false, Optional.ofNullable(resource), List.of());
    }

    static PolicySet root(Policy resource, List<List<Policy>> scps) {
        return new PolicySet(List.of(), true, Optional.ofNullable(resource), scps);
    }

    private static void assertDecision(Decision decision, Outcome outcome, String reason) {
        assertThat(decision).isEqualTo(new Decision(outcome, reason));
    }

    @Test
    void inItsOwnAccountAPrincipalNeedsAnIdentityBasedAllow() {
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(OPERATOR), null)),
                Outcome.ALLOW, "allowed by statement \"All\" of identity-based policy \"Operator\"");
        Decision none = PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(), null));
        assertDecision(none, Outcome.IMPLICIT_DENY, "no identity-based policy allows " + DELETE + " on " + POINT);
        assertThat(none.allowed()).isFalse();
    }

    @Test
    void orAResourcePolicyAllowNamingIt() {
        Policy vault = vaultPolicy("v1", "{'Statement': {'Effect': 'Allow', 'Principal': {'AWS': '" + ALICE + "'},"
                + " 'Action': 'backup:DeleteRecoveryPoint', 'Resource': '*'}}");
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(), vault)),
                Outcome.ALLOW, "allowed by Statement of backup vault access policy of \"v1\"");
        assertDecision(PolicyEvaluator.evaluate(request(BOB, DELETE, POINT), policies(List.of(), vault)),
                Outcome.IMPLICIT_DENY, "no identity-based policy or backup vault access policy of \"v1\" allows "
                        + DELETE + " on " + POINT);
    }

    @Test
    void theRootUserNeedsNoPolicyInItsOwnAccountButAnExplicitDenyStillStopsIt() {
        assertDecision(PolicyEvaluator.evaluate(request(ROOT, DELETE, POINT), root(null, List.of())),
                Outcome.ALLOW, "allowed: the root user of account " + SOURCE + " may do anything in its own account");
        Policy appendOnly = vaultPolicy("v1", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'DenyDelete',"
                + " 'Effect': 'Deny', 'Principal': '*', 'Action': 'backup:DeleteRecoveryPoint', 'Resource': '*'}]}");
        assertDecision(PolicyEvaluator.evaluate(request(ROOT, DELETE, POINT), root(appendOnly, List.of())),
                Outcome.EXPLICIT_DENY, "explicitly denied by statement \"DenyDelete\" of backup vault access policy of \"v1\"");
        assertThat(PolicyEvaluator.evaluate(request(ROOT, "backup:StartCopyJob", POINT), root(appendOnly, List.of()))
                .allowed()).isTrue();
    }

    @Test
    void anExplicitDenyInAnyPolicyWinsOverEveryAllow() {
        Policy noDeletes = identity("Ops", "{'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'},"
                + " {'Effect': 'Deny', 'Action': 'backup:Delete*', 'Resource': '*'}]}");
        Policy grant = vaultPolicy("v1", "{'Statement': {'Effect': 'Allow', 'Principal': '*', 'Action': '*',"
                + " 'Resource': '*'}}");
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT),
                        policies(List.of(OPERATOR, noDeletes), grant)),
                Outcome.EXPLICIT_DENY, "explicitly denied by Statement[1] of identity-based policy \"Ops\"");
        Policy guard = scp("Guard", "{'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'},"
                + " {'Sid': 'NoDeletes', 'Effect': 'Deny', 'Action': 'backup:DeleteRecoveryPoint', 'Resource': '*'}]}");
        Policy denyAll = vaultPolicy("v1", "{'Statement': {'Effect': 'Deny', 'Principal': '*', 'Action': '*',"
                + " 'Resource': '*'}}");
        assertDecision(PolicyEvaluator.evaluate(request(ROOT, DELETE, POINT), root(denyAll, List.of(List.of(guard)))),
                Outcome.EXPLICIT_DENY, "explicitly denied by statement \"NoDeletes\" of service control policy \"Guard\"");
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(OPERATOR), denyAll)),
                Outcome.EXPLICIT_DENY, "explicitly denied by Statement of backup vault access policy of \"v1\"");
    }

    @Test
    void everyServiceControlPolicyLevelMustAllowTheAction() {
        Policy readOnly = scp("ReadOnly", "{'Statement': {'Effect': 'Allow',"
                + " 'Action': ['backup:Describe*', 'backup:List*'], 'Resource': '*'}}");
        List<List<Policy>> levels = List.of(List.of(FULL_ACCESS), List.of(readOnly), List.of(FULL_ACCESS));
        PolicySet set = new PolicySet(List.of(OPERATOR), false, Optional.empty(), levels,
                List.of("r-abcd", "ou-abcd-11111111", SOURCE));
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, "backup:CopyFromBackupVault", POINT), set),
                Outcome.IMPLICIT_DENY, "no service control policy at level ou-abcd-11111111 allows backup:CopyFromBackupVault");
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "backup:ListRecoveryPointsByBackupVault", POINT), set)
                .allowed()).isTrue();
        assertDecision(PolicyEvaluator.evaluate(request(ROOT, DELETE, POINT), root(null, levels)),
                Outcome.IMPLICIT_DENY, "no service control policy at level 2 allows " + DELETE);
        assertThat(PolicyEvaluator.evaluate(request(ROOT, DELETE, POINT), root(null, List.of(List.of()))).outcome())
                .as("a level without policies").isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void serviceControlPoliciesGrantNothingThemselves() {
        PolicySet set = new PolicySet(List.of(), false, Optional.empty(), List.of(List.of(FULL_ACCESS)));
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), set),
                Outcome.IMPLICIT_DENY, "no identity-based policy allows " + DELETE + " on " + POINT);
    }

    @Test
    void acrossAccountsThePrincipalNeedsItsOwnAccountsGrantAndTheResourcePolicys() {
        Policy copier = identity("Copier", "{'Statement': {'Sid': 'Copy', 'Effect': 'Allow',"
                + " 'Action': 'backup:CopyIntoBackupVault', 'Resource': 'arn:aws:backup:*:*:backup-vault:*'}}");
        Policy vault = vaultPolicy("dest", "{'Statement': {'Sid': 'Source', 'Effect': 'Allow',"
                + " 'Principal': {'AWS': '" + COPIER + "'}, 'Action': 'backup:CopyIntoBackupVault', 'Resource': '*'}}");
        AuthorizationRequest copy = request(COPIER, COPY_INTO, DEST_VAULT);

        assertDecision(PolicyEvaluator.evaluate(copy, policies(List.of(copier), vault)), Outcome.ALLOW,
                "allowed by statement \"Copy\" of identity-based policy \"Copier\" and statement \"Source\""
                        + " of backup vault access policy of \"dest\"");
        assertDecision(PolicyEvaluator.evaluate(copy, policies(List.of(copier), null)), Outcome.IMPLICIT_DENY,
                "no resource-based policy allows " + COPY_INTO + " on " + DEST_VAULT + " to " + COPIER
                        + " of another account");
        assertDecision(PolicyEvaluator.evaluate(copy, policies(List.of(), vault)), Outcome.IMPLICIT_DENY,
                "no identity-based policy allows " + COPY_INTO + " on " + DEST_VAULT);
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, COPY_INTO, DEST_VAULT), policies(List.of(copier), vault)),
                Outcome.IMPLICIT_DENY, "backup vault access policy of \"dest\" does not allow " + COPY_INTO + " on "
                        + DEST_VAULT + " to " + ALICE + " of another account");
    }

    @Test
    void aRootUserAcrossAccountsNeedsOnlyTheResourcePolicyNamingItsAccount() {
        Policy vault = vaultPolicy("dest", "{'Statement': {'Effect': 'Allow', 'Principal': {'AWS': '" + SOURCE + "'},"
                + " 'Action': 'backup:CopyIntoBackupVault', 'Resource': '*'}}");
        assertThat(PolicyEvaluator.evaluate(request(ROOT, COPY_INTO, DEST_VAULT), root(vault, List.of())).allowed())
                .isTrue();
        assertThat(PolicyEvaluator.evaluate(request(ROOT, COPY_INTO, DEST_VAULT), root(null, List.of())).outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(request(ROOT, DELETE, DEST_VAULT), root(vault, List.of())).outcome())
                .as("other actions stay denied").isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void principalsMatchAnyoneTheirAccountOrTheirExactArn() {
        AuthorizationRequest copy = request(COPIER, COPY_INTO, DEST_VAULT);
        for (String principal : List.of("'*'", "{'AWS': '*'}", "{'AWS': '" + SOURCE + "'}", "{'AWS': '" + ROOT + "'}",
                "{'AWS': ['arn:aws:iam::111122223333:root', '" + COPIER + "']}")) {
            Policy vault = vaultPolicy("dest", "{'Statement': {'Effect': 'Allow', 'Principal': " + principal
                    + ", 'Action': '*', 'Resource': '*'}}");
            assertThat(PolicyEvaluator.evaluate(copy, policies(List.of(OPERATOR), vault)).allowed())
                    .as(principal).isTrue();
        }
        for (String principal : List.of("{'AWS': '111122223333'}", "{'AWS': 'arn:aws:iam::" + SOURCE + ":role/Other'}",
                "{'AWS': '" + ALICE + "'}", "{'Service': 'backup.amazonaws.com'}")) {
            Policy vault = vaultPolicy("dest", "{'Statement': {'Effect': 'Allow', 'Principal': " + principal
                    + ", 'Action': '*', 'Resource': '*'}}");
            assertThat(PolicyEvaluator.evaluate(copy, policies(List.of(OPERATOR), vault)).allowed())
                    .as(principal).isFalse();
        }
        Policy noPrincipal = vaultPolicy("dest", "{'Statement': {'Effect': 'Allow', 'Action': '*', 'Resource': '*'}}");
        assertThat(PolicyEvaluator.evaluate(copy, policies(List.of(OPERATOR), noPrincipal)).allowed())
                .as("a resource policy statement without Principal").isFalse();
    }

    @Test
    void notPrincipalDeniesEveryoneElse() {
        String admin = "arn:aws:iam::" + SOURCE + ":role/Admin";
        Policy vault = vaultPolicy("v1", "{'Statement': {'Sid': 'OnlyAdminDeletes', 'Effect': 'Deny',"
                + " 'NotPrincipal': {'AWS': '" + admin + "'}, 'Action': 'backup:DeleteRecoveryPoint', 'Resource': '*'}}");
        assertThat(PolicyEvaluator.evaluate(request(admin, DELETE, POINT), policies(List.of(OPERATOR), vault))
                .allowed()).isTrue();
        assertDecision(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(OPERATOR), vault)),
                Outcome.EXPLICIT_DENY, "explicitly denied by statement \"OnlyAdminDeletes\" of backup vault access policy of \"v1\"");
    }

    @Test
    void notActionAndNotResourceCoverEverythingElse() {
        Policy noDeletes = identity("NoDeletes", "{'Statement': {'Effect': 'Allow', 'NotAction': 'backup:Delete*',"
                + " 'Resource': '*'}}");
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "backup:StartBackupJob", POINT),
                policies(List.of(noDeletes), null)).allowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(noDeletes), null))
                .allowed()).isFalse();
        Policy notProd = identity("NotProd", "{'Statement': {'Effect': 'Allow', 'Action': 'backup:*',"
                + " 'NotResource': 'arn:aws:backup:*:*:backup-vault:prod-*'}}");
        String vault = "arn:aws:backup:us-east-1:" + SOURCE + ":backup-vault:";
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "backup:DeleteBackupVault", vault + "dev-1"),
                policies(List.of(notProd), null)).allowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "backup:DeleteBackupVault", vault + "prod-1"),
                policies(List.of(notProd), null)).allowed()).isFalse();
    }

    @Test
    void actionsMatchInAnyCaseAndResourcesInTheirOwn() {
        Policy policy = identity("Mixed", "{'Statement': {'Effect': 'Allow', 'Action': 'BACKUP:deleterecovery?oint',"
                + " 'Resource': 'arn:aws:backup:*:recovery-point:p-*'}}");
        assertThat(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT), policies(List.of(policy), null)).allowed())
                .isTrue();
        assertThat(PolicyEvaluator.evaluate(request(ALICE, DELETE, POINT.replace(":p-1", ":P-1")),
                policies(List.of(policy), null)).allowed()).isFalse();
        assertThat(PolicyEvaluator.evaluate(request(ALICE, "backup:DeleteRecoveryPoints", POINT),
                policies(List.of(policy), null)).allowed()).isFalse();
    }

    @Test
    void theGlobalKeysComeFromTheRequestItself() {
        Policy vault = vaultPolicy("dest", "{'Statement': {'Effect': 'Allow', 'Principal': '*', 'Action': '*',"
                + " 'Resource': '*', 'Condition': {'StringEquals': {'aws:PrincipalAccount': '" + SOURCE + "'},"
                + " 'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/*'},"
                + " 'StringNotEquals': {'aws:ResourceAccount': '" + SOURCE + "'}}}}");
        assertThat(PolicyEvaluator.evaluate(request(COPIER, COPY_INTO, DEST_VAULT), policies(List.of(OPERATOR), vault))
                .allowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(request(ALICE, COPY_INTO, DEST_VAULT), policies(List.of(OPERATOR), vault))
                .allowed()).as("a user").isFalse();
        String stranger = "arn:aws:iam::111122223333:role/Copier";
        ConditionContext forged = ConditionContext.empty().with("aws:PrincipalAccount", SOURCE);
        assertThat(PolicyEvaluator.evaluate(request(stranger, COPY_INTO, DEST_VAULT, forged),
                policies(List.of(OPERATOR), vault)).allowed()).as("another account").isFalse();
    }
}
