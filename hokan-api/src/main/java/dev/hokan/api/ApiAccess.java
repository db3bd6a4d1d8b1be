package dev.hokan.api;

import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.Policy;
import java.util.Optional;

/**
 * Authorises every API call before it runs. An AWS Backup operation is the action {@code backup:<Operation>} on
 * the resource its path names (a vault, recovery point, plan, legal hold or tagged resource; otherwise "*"), with
 * the vault's access policy as the resource policy wherever a vault is involved. Hokan's own operations are
 * {@code hokan:<Operation>}; the admin API is {@code iam:<Operation>} on one account's identities and
 * {@code organizations:<Operation>} on the deployment, which only the home account or the organisation's
 * management account may call. Host paths are the operator's alone to hand out: only principals of the home account
 * may be allowed their {@code hokan:} actions. Copies arriving from other sites are authorised by their own operations.
 */
final class ApiAccess {
    private static final String EXTENSION_PREFIX = "Hokan";

    private final Deployment deployment;
    private final AccessControl control;

    ApiAccess(Deployment deployment) {
        this.deployment = deployment;
        this.control = deployment.access();
    }

    void check(ApiCall call) {
        String operation = call.operation();
        Caller caller = call.caller();
        if (AdminOperations.ACCOUNT_OPERATIONS.contains(operation)) {
            checkAccountAdmin(call);
        } else if (HostPathOperations.handles(operation)) {
            checkOperatorAction(call);
        } else if (AdminOperations.handles(operation)) {
            checkDeploymentAdmin(call);
        } else if (CopySessionOperations.authorisesItself(operation)) {
            // backup:CopyIntoBackupVault on the destination vault, which may belong to another account: checked
            // by the operation, once it knows the vault
        } else if (operation.startsWith(EXTENSION_PREFIX)) {
            require(caller, "hokan:" + operation.substring(EXTENSION_PREFIX.length()), "*", Optional.empty());
        } else {
            Account account = new Account(caller.accountId(), call.region());
            String resource = resourceArn(call, account);
            require(caller, "backup:" + operation, resource, vaultPolicy(call, account));
        }
    }

    private void checkAccountAdmin(ApiCall call) {
        String principalArn = call.labels().get("principalArn");
        String target = principalArn != null
                ? Arn.parse(principalArn).map(Arn::account).orElseThrow(() ->
                        ServiceException.invalidParameter("Not a principal ARN: " + principalArn))
                : call.label("accountId");
        Caller caller = call.caller();
        if (caller.accountId().equals(target)) {
            require(caller, adminAction("iam", call.operation()),
                    principalArn != null ? principalArn : Caller.rootArn(target), Optional.empty());
        } else if (!isOperator(caller)) {
            throw ServiceException.accessDenied("User: " + caller.principalArn() + " is not authorized to manage the"
                    + " identities of account " + target + "; only that account or the deployment's operator"
                    + " (the root user of account " + deployment.homeAccount().accountId() + ") may");
        }
    }

    private void checkDeploymentAdmin(ApiCall call) {
        Caller caller = call.caller();
        String management = deployment.organization().organization()
                .map(o -> o.managementAccountId()).orElse(deployment.homeAccount().accountId());
        if (!caller.accountId().equals(management) && !caller.accountId().equals(deployment.homeAccount().accountId())) {
            throw ServiceException.accessDenied("User: " + caller.principalArn() + " is not authorized to perform: "
                    + adminAction("organizations", call.operation()) + " because only the home account "
                    + deployment.homeAccount().accountId() + " or the organization's management account may");
        }
        require(caller, adminAction("organizations", call.operation()), "*", Optional.empty());
    }

    private void checkOperatorAction(ApiCall call) {
        Caller caller = call.caller();
        String action = adminAction("hokan", call.operation());
        String home = deployment.homeAccount().accountId();
        if (!caller.accountId().equals(home)) {
            throw ServiceException.accessDenied("User: " + caller.principalArn() + " is not authorized to perform: "
                    + action + " because only the deployment's operator, the home account " + home + ", hands out"
                    + " host paths");
        }
        require(caller, action, "*", Optional.empty());
    }

    private boolean isOperator(Caller caller) {
        return caller.isRoot() && caller.accountId().equals(deployment.homeAccount().accountId());
    }

    private void require(Caller caller, String action, String resource, Optional<Policy> resourcePolicy) {
        control.require(caller.principalArn(), action, resource, caller.accountId(), resourcePolicy,
                ConditionContext.empty());
    }

    private static String adminAction(String service, String operation) {
        return service + ":" + operation.substring(EXTENSION_PREFIX.length());
    }

    private static String resourceArn(ApiCall call, Account account) {
        var labels = call.labels();
        if (labels.containsKey("recoveryPointArn")) {
            return labels.get("recoveryPointArn");
        }
        if (labels.containsKey("backupVaultName")) {
            return account.vaultArn(labels.get("backupVaultName"));
        }
        if (labels.containsKey("backupPlanId")) {
            return account.planArn(labels.get("backupPlanId"));
        }
        if (labels.containsKey("legalHoldId")) {
            return account.legalHoldArn(labels.get("legalHoldId"));
        }
        if (labels.containsKey("resourceArn")) {
            return labels.get("resourceArn");
        }
        return "*";
    }

    /** The access policy of the vault the call is about, if it is about one and the vault has a policy. */
    private Optional<Policy> vaultPolicy(ApiCall call, Account account) {
        Optional<String> vault = Optional.ofNullable(call.labels().get("backupVaultName"))
                .or(() -> Optional.ofNullable(call.labels().get("resourceArn"))
                        .flatMap(Arn::parse).filter(a -> a.account().equals(account.accountId()))
                        .flatMap(a -> a.resourceId("backup-vault")));
        return vault.flatMap(name -> deployment.cell(account.accountId(), account.region()).vaults()
                .accessPolicyIfAny(name));
    }
}
