package dev.hokan.api;

import dev.hokan.catalog.cell.kms.KmsKey;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.kms.KeyAccess;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsException;
import dev.hokan.engine.vault.VaultService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authorises every API call before it runs. An AWS Backup operation is the action {@code backup:<Operation>} on
 * the resource its path names (a vault, recovery point, plan, legal hold, restore testing plan, framework, report plan or tagged
 * resource)
 * or, for the jobs, the
 * vault or recovery point their body names, otherwise "*"; with the vault's access policy as the resource policy
 * wherever a vault is involved. Hokan's own operations are
 * {@code hokan:<Operation>}; the admin API is {@code iam:<Operation>} on one account's identities and
 * {@code organizations:<Operation>} on the deployment. What acts on the whole deployment (its accounts and
 * organisation, the clock, root keys of other accounts) is the operator's: principals of the home account, its root
 * user or those granted the action; so are the host paths each account may use and other accounts' notification
 * deliveries. SNS actions are {@code sns:<Action>} on their topic, with its access policy; KMS actions
 * {@code kms:<Action>} on their key, with its key policy. Copies arriving from other sites are
 * authorised by their own operations. Every check carries the call's condition keys ({@link RequestConditions}).
 */
final class ApiAccess {
    private static final String EXTENSION_PREFIX = "Hokan";
    /** Hokan's own operations on the whole deployment, {@code hokan:<Operation>} for the operator alone. */
    private static final Set<String> OPERATOR_OPERATIONS = Set.of("HokanSetClock", "HokanCreateRootAccessKey",
            "HokanListNodes");
    private static final Set<String> READS_A_RECOVERY_POINT = Set.of("StartRestoreJob", "StartCopyJob");

    private final Deployment deployment;
    private final AccessControl control;
    private final RequestConditions conditions;
    private final KeyAccess keyAccess;

    ApiAccess(Deployment deployment) {
        this.deployment = deployment;
        this.control = deployment.access();
        this.conditions = new RequestConditions(deployment);
        this.keyAccess = new KeyAccess(control);
    }

    void check(ApiCall call) {
        String operation = call.operation();
        Caller caller = call.caller();
        if (AdminOperations.ACCOUNT_OPERATIONS.contains(operation)) {
            checkAccountAdmin(call);
        } else if (OPERATOR_OPERATIONS.contains(operation) || HostPathOperations.handles(operation)
                || EndpointOperations.handles(operation)) {
            requireOperator(call, adminAction("hokan", operation), call.labels().containsKey("accountId")
                    ? Caller.rootArn(call.label("accountId")) : "*");
        } else if (AdminOperations.handles(operation)) {
            requireOperator(call, adminAction("organizations", operation), "*");
        } else if (operation.equals(DeliveryOperations.LIST)
                && !DeliveryOperations.account(call).equals(caller.accountId())) {
            requireOperator(call, adminAction("hokan", operation), Caller.rootArn(DeliveryOperations.account(call)));
        } else if (PermissionOperations.handles(operation)) {
            // any caller may ask which actions it may take itself; the answer grants nothing
        } else if (CopySessionOperations.authorisesItself(operation)) {
            // backup:CopyIntoBackupVault on the destination vault, which may belong to another account: checked
            // by the operation, once it knows the vault
        } else if (operation.startsWith(EXTENSION_PREFIX)) {
            require(call, "hokan:" + operation.substring(EXTENSION_PREFIX.length()), "*", Optional.empty());
        } else {
            Account account = new Account(caller.accountId(), call.region());
            String resource = resourceArn(call, account);
            require(call, "backup:" + operation, resource, vaultPolicy(call, account));
            if (operation.equals("CreateBackupVault")) {
                checkVaultKey(call, account);
            }
        }
    }

    /**
     * CreateBackupVault with a KMS key: the caller must be allowed {@code kms:CreateGrant} and {@code kms:DescribeKey}
     * on it, as AWS Backup requires. A key that cannot seal a vault (unknown, of another account) is refused by the
     * operation itself, with the reason.
     */
    private void checkVaultKey(ApiCall call, Account account) {
        String named = call.body().string("EncryptionKeyArn");
        if (named == null || named.equals(account.masterKeyArn())) {
            return;
        }
        KeyService keys = deployment.cell(account.accountId(), account.region()).keys();
        KmsKey key;
        try {
            key = keys.key(KeyReference.parse(named));
        } catch (KmsException e) {
            return;
        }
        for (String operation : List.of("CreateGrant", "DescribeKey")) {
            checkKeyUse(call, keys, key, operation, Map.of());
        }
    }

    /**
     * Why the caller may not take {@code action} on {@code resource} (in the account's vault {@code vaultName}, whose
     * access policy then counts), as the check of a real call would refuse it; empty when it may.
     */
    Optional<String> refusal(ApiCall call, String action, String resource, Optional<String> vaultName) {
        Account account = new Account(call.caller().accountId(), call.region());
        Optional<Policy> policy = vaultName.flatMap(name -> deployment.cell(account.accountId(), account.region())
                .vaults().accessPolicyIfAny(name));
        try {
            require(call, action, resource, policy);
            return Optional.empty();
        } catch (ServiceException refused) {
            if (refused.type() != ErrorType.ACCESS_DENIED) {
                throw refused;
            }
            return Optional.of(refused.getMessage());
        }
    }

    /**
     * An SNS action ({@code sns:ACTION}) on a topic of {@code resourceAccount}, or on "*", with the topic's access
     * policy as the resource policy: another account's principal needs the topic policy's grant too.
     */
    void checkSns(ApiCall call, String resourceArn, String resourceAccount, Optional<Policy> topicPolicy) {
        control.require(call.caller().principalArn(), "sns:" + call.operation(), resourceArn, resourceAccount,
                topicPolicy, conditions.of(call, resourceArn));
    }

    /**
     * A KMS action ({@code kms:ACTION}) on a key of {@code resourceAccount}, or on "*", with the key's policy as the
     * resource policy (another account's principal needs the key policy's grant too) and KMS's condition keys.
     */
    void checkKms(ApiCall call, String action, String resourceArn, String resourceAccount, Optional<Policy> keyPolicy,
                  Map<String, List<String>> kmsConditions) {
        control.require(call.caller().principalArn(), action, resourceArn, resourceAccount, keyPolicy,
                conditions.of(call, resourceArn).with(kmsConditions));
    }

    /**
     * The caller's use of a key for a KMS operation ({@link KeyAccess}: a grant, otherwise the key policy and the
     * caller's policies), with the call's condition keys; refused with AccessDeniedException in AWS's words.
     */
    void checkKeyUse(ApiCall call, KeyService keys, KmsKey key, String operation,
                     Map<String, String> encryptionContext) {
        Caller caller = call.caller();
        String keyArn = keys.keyArn(key);
        AccessControl.requireAllowed(keyAccess.decide(keys, key, caller.principalArn(), caller.accountId(), operation,
                encryptionContext, conditions.of(call, keyArn)), caller.principalArn(), "kms:" + operation, keyArn);
    }

    private void checkAccountAdmin(ApiCall call) {
        String principalArn = call.labels().get("principalArn");
        String target = principalArn != null
                ? Arn.parse(principalArn).map(Arn::account).orElseThrow(() ->
                        ServiceException.invalidParameter("Not a principal ARN: " + principalArn))
                : call.label("accountId");
        Caller caller = call.caller();
        String action = iamAction(call.operation(), principalArn);
        if (Caller.rootArn(target).equals(principalArn) && !caller.principalArn().equals(principalArn)
                && !isOperator(caller)) {
            throw ServiceException.accessDenied("User: " + caller.principalArn() + " is not authorized to perform: "
                    + action + " on resource: " + principalArn + " because the root"
                    + " user's credentials are managed only by the root user itself or the deployment's operator");
        }
        if (caller.accountId().equals(target)) {
            require(call, action, principalArn != null ? principalArn : Caller.rootArn(target), Optional.empty());
        } else if (!isOperator(caller)) {
            throw ServiceException.accessDenied("User: " + caller.principalArn() + " is not authorized to manage the"
                    + " identities of account " + target + "; only that account or the deployment's operator"
                    + " (the root user of account " + deployment.homeAccount().accountId() + ") may");
        }
    }

    /**
     * No other account may act on the whole deployment, whatever its policies say; within the home account the
     * action must be granted (the root user holds every grant). The organisation's management account is always
     * the home account: only the home account can create the organisation.
     */
    private void requireOperator(ApiCall call, String action, String resource) {
        Caller caller = call.caller();
        String home = deployment.homeAccount().accountId();
        if (!caller.accountId().equals(home)) {
            throw ServiceException.accessDenied("User: " + caller.principalArn() + " is not authorized to perform: "
                    + action + " on resource: " + resource + " because it acts on the whole deployment, which only"
                    + " the operator (principals of the home account " + home + ") may");
        }
        require(call, action, resource, Optional.empty());
    }

    private boolean isOperator(Caller caller) {
        return caller.isRoot() && caller.accountId().equals(deployment.homeAccount().accountId());
    }

    private void require(ApiCall call, String action, String resource, Optional<Policy> resourcePolicy) {
        Caller caller = call.caller();
        control.require(caller.principalArn(), action, resource, caller.accountId(), resourcePolicy,
                conditions.of(call, resource));
    }

    /** The IAM action of an operation on one account's identities: its own name, or IAM's for the principal's kind. */
    private static String iamAction(String operation, String principalArn) {
        String byKind = AdminOperations.ACTIONS_BY_KIND.get(operation);
        if (byKind == null) {
            return adminAction("iam", operation);
        }
        boolean role = Arn.parse(principalArn).flatMap(arn -> arn.resourceId("role")).isPresent();
        return "iam:" + byKind.formatted(role ? "Role" : "User");
    }

    private static String adminAction(String service, String operation) {
        return service + ":" + operation.substring(EXTENSION_PREFIX.length());
    }

    /**
     * The resource the call acts on, as AWS authorises it: the one its path names (a restore testing plan, a
     * framework or a report plan by its ARN, once it exists), else for the jobs the one their body names (the vault a backup goes to, the recovery
     * point a restore or a copy reads), else "*".
     */
    private String resourceArn(ApiCall call, Account account) {
        var labels = call.labels();
        if (labels.containsKey("recoveryPointArn")) {
            return labels.get("recoveryPointArn");
        }
        Optional<String> vault = namedVault(call);
        if (vault.isPresent()) {
            return account.vaultArn(vault.get());
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
        if (labels.containsKey("RestoreTestingPlanName")) {
            return deployment.cell(account.accountId(), account.region()).restoreTesting()
                    .planArn(labels.get("RestoreTestingPlanName")).orElse("*");
        }
        if (labels.containsKey("frameworkName")) {
            return deployment.cell(account.accountId(), account.region()).frameworks()
                    .frameworkArn(labels.get("frameworkName")).orElse("*");
        }
        if (labels.containsKey("reportPlanName")) {
            return deployment.cell(account.accountId(), account.region()).reportPlans()
                    .planArn(labels.get("reportPlanName")).orElse("*");
        }
        if (READS_A_RECOVERY_POINT.contains(call.operation())) {
            String point = call.body().string("RecoveryPointArn");
            if (point != null) {
                Arn.require("RecoveryPointArn", point);
                return point;
            }
        }
        return "*";
    }

    private static Optional<String> namedVault(ApiCall call) {
        return Optional.ofNullable(call.labels().get("backupVaultName")).or(() ->
                call.operation().equals("StartBackupJob") ? Optional.ofNullable(call.body().string("BackupVaultName"))
                        : Optional.empty());
    }

    /** The access policy of the vault the call is about, if it is about one and the vault has a policy. */
    private Optional<Policy> vaultPolicy(ApiCall call, Account account) {
        Optional<String> vault = namedVault(call)
                .or(() -> Optional.ofNullable(call.labels().get("resourceArn"))
                        .flatMap(Arn::parse).filter(a -> a.account().equals(account.accountId()))
                        .flatMap(a -> a.resourceId("backup-vault")));
        return vault.flatMap(name -> call.vaults().read(account.vaultArn(name), () ->
                        deployment.cell(account.accountId(), account.region()).vaults().describedIfAny(name)))
                .flatMap(VaultService::accessPolicyOf);
    }
}
