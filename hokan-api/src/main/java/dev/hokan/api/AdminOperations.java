package dev.hokan.api;

import dev.hokan.catalog.identity.IamPrincipal;
import dev.hokan.catalog.identity.OrgPolicy;
import dev.hokan.catalog.identity.Organization;
import dev.hokan.catalog.identity.OrganizationalUnit;
import dev.hokan.catalog.identity.PrincipalKind;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.iam.OrganizationService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin part of the extension API, under /hokan/v1/admin: accounts, IAM users and roles with their access
 * keys, inline policies and tags, root keys the operator issues, and the organisation with its units and service
 * control policies.
 */
final class AdminOperations {
    static final List<Route> ROUTES = List.of(
            Route.parse("HokanCreateAccount", "POST", "/hokan/v1/admin/accounts"),
            Route.parse("HokanListAccounts", "GET", "/hokan/v1/admin/accounts"),
            Route.parse("HokanCreateUser", "POST", "/hokan/v1/admin/accounts/{accountId}/users"),
            Route.parse("HokanCreateRole", "POST", "/hokan/v1/admin/accounts/{accountId}/roles"),
            Route.parse("HokanListPrincipals", "GET", "/hokan/v1/admin/accounts/{accountId}/principals"),
            Route.parse("HokanCreateRootAccessKey", "POST", "/hokan/v1/admin/accounts/{accountId}/root-access-keys"),
            Route.parse("HokanCreateAccessKey", "POST", "/hokan/v1/admin/principals/{principalArn}/access-keys"),
            Route.parse("HokanDeleteAccessKey", "DELETE",
                    "/hokan/v1/admin/principals/{principalArn}/access-keys/{accessKeyId}"),
            Route.parse("HokanPutPrincipalPolicy", "PUT",
                    "/hokan/v1/admin/principals/{principalArn}/policies/{policyName}"),
            Route.parse("HokanDeletePrincipalPolicy", "DELETE",
                    "/hokan/v1/admin/principals/{principalArn}/policies/{policyName}"),
            Route.parse("HokanListPrincipalPolicies", "GET", "/hokan/v1/admin/principals/{principalArn}/policies"),
            Route.parse("HokanSetConsolePassword", "POST",
                    "/hokan/v1/admin/principals/{principalArn}/console-password"),
            Route.parse("HokanTagPrincipal", "PUT", "/hokan/v1/admin/principals/{principalArn}/tags"),
            Route.parse("HokanTagPrincipal", "POST", "/hokan/v1/admin/principals/{principalArn}/tags"),
            Route.parse("HokanUntagPrincipal", "DELETE", "/hokan/v1/admin/principals/{principalArn}/tags"),
            Route.parse("HokanListPrincipalTags", "GET", "/hokan/v1/admin/principals/{principalArn}/tags"),
            Route.parse("HokanCreateOrganization", "POST", "/hokan/v1/admin/organization"),
            Route.parse("HokanDescribeOrganization", "GET", "/hokan/v1/admin/organization"),
            Route.parse("HokanCreateOrganizationalUnit", "POST", "/hokan/v1/admin/organization/units"),
            Route.parse("HokanMoveAccount", "PUT", "/hokan/v1/admin/organization/accounts/{accountId}"),
            Route.parse("HokanCreatePolicy", "POST", "/hokan/v1/admin/organization/policies"),
            Route.parse("HokanAttachPolicy", "PUT",
                    "/hokan/v1/admin/organization/policies/{policyId}/targets/{targetId}"),
            Route.parse("HokanDetachPolicy", "DELETE",
                    "/hokan/v1/admin/organization/policies/{policyId}/targets/{targetId}"));

    /** Operations on one account's identities; the others act on the deployment and its organisation. */
    static final Set<String> ACCOUNT_OPERATIONS = Set.of("HokanCreateUser", "HokanCreateRole", "HokanListPrincipals",
            "HokanCreateAccessKey", "HokanDeleteAccessKey", "HokanPutPrincipalPolicy", "HokanDeletePrincipalPolicy",
            "HokanListPrincipalPolicies", "HokanSetConsolePassword", "HokanTagPrincipal", "HokanUntagPrincipal",
            "HokanListPrincipalTags");
    /** Operations IAM names by the principal's kind: each is {@code iam:} and its format with User or Role. */
    static final Map<String, String> ACTIONS_BY_KIND = Map.of("HokanTagPrincipal", "Tag%s",
            "HokanUntagPrincipal", "Untag%s", "HokanListPrincipalTags", "List%sTags");

    private final Identities identities;
    private final OrganizationService organization;

    AdminOperations(Deployment deployment) {
        this.identities = deployment.identities();
        this.organization = deployment.organization();
    }

    private static final Set<String> OPERATIONS = ROUTES.stream().map(Route::operation)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    static boolean handles(String operation) {
        return OPERATIONS.contains(operation);
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanCreateAccount", call -> {
            Identities.NewAccount created = identities.createAccount(call.body().string("AccountId"),
                    call.body().requiredString("AccountName"));
            return keyOut(JsonOut.object().put("AccountId", created.accountId())
                    .put("AccountName", created.name()), created.rootKey());
        });
        ops.put("HokanListAccounts", call -> JsonOut.object().putList("Accounts", identities.accounts().stream()
                .map(a -> JsonOut.object().put("AccountId", a.accountId()).put("AccountName", a.name())
                        .put("CreationDate", a.creationDate())).toList()));
        ops.put("HokanCreateUser", call -> principalOut(identities.createUser(call.label("accountId"),
                call.body().requiredString("UserName"), call.body().stringMap("Tags"))));
        ops.put("HokanCreateRole", call -> principalOut(identities.createRole(call.label("accountId"),
                call.body().requiredString("RoleName"), call.body().stringMap("Tags"))));
        ops.put("HokanListPrincipals", call -> JsonOut.object().putList("Principals",
                identities.principals(call.label("accountId")).stream().map(AdminOperations::principalOut).toList()));
        ops.put("HokanCreateAccessKey", call -> keyOut(JsonOut.object().put("PrincipalArn", call.label("principalArn")),
                identities.createAccessKey(call.label("principalArn"))));
        ops.put("HokanCreateRootAccessKey", call -> keyOut(JsonOut.object()
                .put("PrincipalArn", Caller.rootArn(call.label("accountId"))),
                identities.createRootAccessKey(call.label("accountId"))));
        ops.put("HokanDeleteAccessKey", call -> {
            identities.deleteAccessKey(call.label("principalArn"), call.label("accessKeyId"));
            return null;
        });
        ops.put("HokanPutPrincipalPolicy", call -> {
            identities.putPolicy(call.label("principalArn"), call.label("policyName"),
                    call.body().requiredString("PolicyDocument"));
            return null;
        });
        ops.put("HokanDeletePrincipalPolicy", call -> {
            identities.deletePolicy(call.label("principalArn"), call.label("policyName"));
            return null;
        });
        ops.put("HokanListPrincipalPolicies", call -> JsonOut.object().putList("Policies",
                identities.policies(call.label("principalArn")).stream().map(p -> JsonOut.object()
                        .put("PolicyName", p.policyName()).put("PolicyDocument", p.document())).toList()));
        ops.put("HokanSetConsolePassword", call -> {
            identities.setConsolePassword(call.label("principalArn"), call.body().requiredString("Password"));
            return null;
        });
        ops.put("HokanTagPrincipal", call -> {
            identities.tag(call.label("principalArn"), call.body().stringMap("Tags"));
            return null;
        });
        ops.put("HokanUntagPrincipal", call -> {
            identities.untag(call.label("principalArn"), removedTagKeys(call));
            return null;
        });
        ops.put("HokanListPrincipalTags", call -> JsonOut.object().putStrings("Tags",
                identities.tags(call.label("principalArn"))));
        ops.put("HokanCreateOrganization", call -> organizationOut(organization.create(call.caller().accountId(),
                call.body().string("Id"), call.body().string("RootId"))));
        ops.put("HokanDescribeOrganization", call -> organizationOut(organization.organization().orElseThrow(() ->
                ServiceException.notFound("This deployment has no organization"))));
        ops.put("HokanCreateOrganizationalUnit", call -> {
            OrganizationalUnit unit = organization.createUnit(call.body().requiredString("ParentId"),
                    call.body().requiredString("Name"), call.body().string("Id"));
            return JsonOut.object().put("Id", unit.ouId()).put("ParentId", unit.parentId()).put("Name", unit.name());
        });
        ops.put("HokanMoveAccount", call -> {
            organization.placeAccount(call.label("accountId"), call.body().requiredString("ParentId"));
            return null;
        });
        ops.put("HokanCreatePolicy", call -> {
            OrgPolicy policy = organization.createPolicy(call.body().requiredString("Name"),
                    call.body().requiredString("Content"));
            return JsonOut.object().put("Id", policy.policyId()).put("Name", policy.name());
        });
        ops.put("HokanAttachPolicy", call -> {
            organization.attach(call.label("policyId"), call.label("targetId"));
            return null;
        });
        ops.put("HokanDetachPolicy", call -> {
            organization.detach(call.label("policyId"), call.label("targetId"));
            return null;
        });
    }

    /** The tag keys an untagging call removes: {@code ?TagKeys=k1&TagKeys=k2}, else its body's {@code TagKeys}. */
    static List<String> removedTagKeys(ApiCall call) {
        List<String> fromQuery = call.query().strings("TagKeys");
        return fromQuery != null ? fromQuery : call.body().stringList("TagKeys");
    }

    private JsonOut organizationOut(Organization org) {
        return JsonOut.object()
                .put("Id", org.orgId())
                .put("ManagementAccountId", org.managementAccountId())
                .put("RootId", org.rootId())
                .putList("OrganizationalUnits", organization.units().stream().map(u -> JsonOut.object()
                        .put("Id", u.ouId()).put("ParentId", u.parentId()).put("Name", u.name())).toList())
                .putList("Accounts", identities.accounts().stream()
                        .flatMap(a -> organization.membership(a.accountId()).stream())
                        .map(m -> JsonOut.object().put("AccountId", m.accountId())
                                .put("OrgPath", m.orgPath())).toList())
                .putList("Policies", organization.policies().stream().map(p -> JsonOut.object()
                        .put("Id", p.policyId()).put("Name", p.name()).put("Content", p.document())).toList());
    }

    /** A principal, with its unique ID as IAM names it: a role's RoleId, a user's (or root user's) UserId. */
    private static JsonOut principalOut(IamPrincipal p) {
        return JsonOut.object().put("Arn", p.arn()).put("AccountId", p.accountId())
                .put("Type", p.kind().name()).put("Name", p.name())
                .put(p.kind() == PrincipalKind.ROLE ? "RoleId" : "UserId", p.uniqueId())
                .put("CreationDate", p.creationDate());
    }

    private static JsonOut keyOut(JsonOut out, KeyPair key) {
        return out.put("AccessKeyId", key.accessKeyId()).put("SecretAccessKey", key.secretAccessKey());
    }
}
