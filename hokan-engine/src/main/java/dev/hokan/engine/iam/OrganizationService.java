package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.IdentityTx;
import dev.hokan.catalog.identity.OrgPolicy;
import dev.hokan.catalog.identity.Organization;
import dev.hokan.catalog.identity.OrganizationalUnit;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventType;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The deployment's organisation (AWS Organizations): one management account, a root, organisational units and
 * member accounts, and service control policies attached to the root, units or accounts. Every account starts
 * with AWS's FullAWSAccess policy attached, so an SCP that denies narrows what is allowed without having to
 * grant the rest.
 */
public final class OrganizationService {
    public static final String FULL_ACCESS_ID = "p-FullAWSAccess";
    private static final String FULL_ACCESS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern ROOT_ID = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Pattern UNIT_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GLOBAL_SETTINGS = "backup.globalSettings";
    private static final Map<String, String> DEFAULT_GLOBAL = Map.of("isCrossAccountBackupEnabled", "false",
            "isMpaEnabled", "false", "isDelegatedAdministratorEnabled", "false");

    private final CachedIdentityCatalog directory;
    private final ServiceClock clock;
    private final Identities identities;
    private final IdentityEvents events;

    public OrganizationService(CachedIdentityCatalog directory, ServiceClock clock, Identities identities,
                               IdentityEvents events) {
        this.directory = directory;
        this.clock = clock;
        this.identities = identities;
        this.events = events;
    }

    /**
     * Creates the organisation with {@code managementAccountId} as its management account and first member. The IDs
     * are chosen when null; given ones let a rehearsal reproduce a real organisation, and its policies verbatim.
     */
    public Organization create(String managementAccountId, String orgId, String rootId) {
        requireAccount(managementAccountId);
        Organization created = new Organization(id("Id", orgId, ORG_ID, "o-" + random(10)), managementAccountId,
                id("RootId", rootId, ROOT_ID, "r-" + random(4)), clock.now());
        directory.write(tx -> {
            if (tx.organizations().find().isPresent()) {
                throw ServiceException.alreadyExists("This deployment already has an organisation", null, null);
            }
            tx.organizations().create(created);
            tx.organizations().insertPolicy(new OrgPolicy(FULL_ACCESS_ID, "FullAWSAccess", FULL_ACCESS));
            tx.organizations().attach(FULL_ACCESS_ID, created.rootId());
            tx.organizations().placeAccount(managementAccountId, created.rootId());
            tx.organizations().attach(FULL_ACCESS_ID, managementAccountId);
            return null;
        });
        events.ofDeployment(EventType.ORGANIZATION_CREATED, null, "Organization " + created.orgId() + " created",
                Map.of("OrganizationId", created.orgId(), "RootId", created.rootId(),
                        "ManagementAccountId", managementAccountId));
        return created;
    }

    public Optional<Organization> organization() {
        return directory.view().organization();
    }

    /** Creates a unit under the root or another unit; {@code ouId} is chosen when null. */
    public OrganizationalUnit createUnit(String parentId, String name, String ouId) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw ServiceException.invalidParameter("Name must be 1 to 128 characters");
        }
        OrganizationalUnit created = directory.write(tx -> {
            Organization org = require(tx);
            requireParent(tx, org, parentId);
            String id = id("Id", ouId, UNIT_ID, "ou-" + org.rootId().substring(2, Math.min(6, org.rootId().length()))
                    + "-" + random(8));
            if (tx.organizations().unit(id).isPresent()) {
                throw ServiceException.alreadyExists("Organizational unit " + id + " already exists", null, null);
            }
            OrganizationalUnit unit = new OrganizationalUnit(id, parentId, name);
            tx.organizations().insertUnit(unit);
            tx.organizations().attach(FULL_ACCESS_ID, unit.ouId());
            return unit;
        });
        events.ofDeployment(EventType.ORGANIZATIONAL_UNIT_CREATED, null, "Organizational unit " + created.ouId()
                + " (" + name + ") created under " + parentId, Map.of("OrganizationalUnitId", created.ouId(),
                "ParentId", parentId, "Name", name));
        return created;
    }

    public List<OrganizationalUnit> units() {
        return directory.read(tx -> tx.organizations().units());
    }

    /** Adds an account to the organisation under {@code parentId}, or moves it there. */
    public void placeAccount(String accountId, String parentId) {
        requireAccount(accountId);
        directory.write(tx -> {
            Organization org = require(tx);
            requireParent(tx, org, parentId);
            boolean joining = tx.organizations().parentOf(accountId).isEmpty();
            tx.organizations().placeAccount(accountId, parentId);
            if (joining) {
                tx.organizations().attach(FULL_ACCESS_ID, accountId);
            }
            return null;
        });
        events.ofDeploymentConcerning(accountId, EventType.ACCOUNT_PLACED, Caller.rootArn(accountId), "Account " + accountId
                + " placed under " + parentId, Map.of("AccountId", accountId, "ParentId", parentId));
    }

    public OrgPolicy createPolicy(String name, String document) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw ServiceException.invalidParameter("Name must be 1 to 128 characters");
        }
        PolicyDocuments.parse(document);
        OrgPolicy policy = new OrgPolicy("p-" + random(8), name, document);
        directory.write(tx -> {
            require(tx);
            if (tx.organizations().policies().stream().anyMatch(p -> p.name().equals(name))) {
                throw ServiceException.alreadyExists("A policy named " + name + " already exists", null, null);
            }
            tx.organizations().insertPolicy(policy);
            return null;
        });
        events.ofDeployment(EventType.SERVICE_CONTROL_POLICY_CREATED, null, "Service control policy "
                + policy.policyId() + " (" + name + ") created", Map.of("PolicyId", policy.policyId(), "Name", name,
                "Content", document));
        return policy;
    }

    public List<OrgPolicy> policies() {
        return directory.read(tx -> tx.organizations().policies());
    }

    public void attach(String policyId, String targetId) {
        directory.write(tx -> {
            Organization org = require(tx);
            requirePolicy(tx, policyId);
            if (!isParent(tx, org, targetId) && tx.organizations().parentOf(targetId).isEmpty()) {
                throw ServiceException.notFound("Target " + targetId + " is neither the root, a unit nor a member"
                        + " account of " + org.orgId());
            }
            tx.organizations().attach(policyId, targetId);
            return null;
        });
        recordTargeted(EventType.SERVICE_CONTROL_POLICY_ATTACHED, targetId, "Service control policy " + policyId
                + " attached to " + targetId, Map.of("PolicyId", policyId, "TargetId", targetId));
    }

    public void detach(String policyId, String targetId) {
        directory.write(tx -> {
            require(tx);
            requirePolicy(tx, policyId);
            if (!tx.organizations().detach(policyId, targetId)) {
                throw ServiceException.notFound("Policy " + policyId + " is not attached to " + targetId);
            }
            return null;
        });
        recordTargeted(EventType.SERVICE_CONTROL_POLICY_DETACHED, targetId, "Service control policy " + policyId
                + " detached from " + targetId, Map.of("PolicyId", policyId, "TargetId", targetId));
    }

    /**
     * A policy attached to or detached from an account concerns that account (the event's resource is its root
     * user, as for its creation); to or from the root or a unit, the whole organisation.
     */
    private void recordTargeted(EventType type, String targetId, String message, Map<String, String> details) {
        if (identities.accountExists(targetId)) {
            events.ofDeploymentConcerning(targetId, type, Caller.rootArn(targetId), message, details);
        } else {
            events.ofDeployment(type, null, message, details);
        }
    }

    /** Where the account sits in the organisation, or empty when there is none or it is not a member. */
    public Optional<Membership> membership(String accountId) {
        return Optional.ofNullable(directory.view().memberships().get(accountId));
    }

    /**
     * AWS Backup's global settings, kept for the organisation; all {@code "false"} until changed, and on a
     * deployment without an organisation. An account outside an existing organisation is refused, as in AWS.
     */
    public Map<String, String> globalSettings(String callerAccountId) {
        if (organization().isPresent() && membership(callerAccountId).isEmpty()) {
            throw ServiceException.invalidRequest("Account " + callerAccountId + " is not a member of an organization");
        }
        return directory.read(tx -> {
            Map<String, String> settings = new TreeMap<>(DEFAULT_GLOBAL);
            tx.settings().map(GLOBAL_SETTINGS).ifPresent(settings::putAll);
            return settings;
        });
    }

    /** Only the management account may change them, as in AWS. */
    public void updateGlobalSettings(String callerAccountId, Map<String, String> changes) {
        Membership membership = membership(callerAccountId).orElseThrow(() -> ServiceException.invalidRequest(
                "Account " + callerAccountId + " is not a member of an organization"));
        if (!membership.isManagementAccount()) {
            throw ServiceException.invalidRequest("Only the management account of the organization ("
                    + membership.organization().managementAccountId() + ") can update global settings");
        }
        for (var change : changes.entrySet()) {
            if (!DEFAULT_GLOBAL.containsKey(change.getKey())) {
                throw ServiceException.invalidParameter("Unknown global setting " + change.getKey() + "; known: "
                        + new TreeMap<>(DEFAULT_GLOBAL).keySet());
            }
            if (!change.getValue().equals("true") && !change.getValue().equals("false")) {
                throw ServiceException.invalidParameter("Global setting " + change.getKey()
                        + " must be \"true\" or \"false\"");
            }
        }
        directory.write(tx -> {
            Map<String, String> stored = new TreeMap<>(tx.settings().map(GLOBAL_SETTINGS).orElse(Map.of()));
            stored.putAll(changes);
            stored.put("LastUpdateTime", Long.toString(clock.now().getEpochSecond()));
            tx.settings().putMap(GLOBAL_SETTINGS, stored);
            return null;
        });
        events.ofDeployment(EventType.GLOBAL_SETTINGS_UPDATED, null,
                "Global settings updated: " + new TreeMap<>(changes), changes);
    }

    public boolean crossAccountBackupEnabled() {
        return directory.read(tx -> tx.settings().map(GLOBAL_SETTINGS)
                .map(s -> "true".equals(s.get("isCrossAccountBackupEnabled"))).orElse(false));
    }

    private static Organization require(IdentityTx tx) {
        return tx.organizations().find().orElseThrow(() -> ServiceException.invalidRequest(
                "This deployment has no organization yet; create one first"));
    }

    private static void requireParent(IdentityTx tx, Organization org, String parentId) {
        if (!isParent(tx, org, parentId)) {
            throw ServiceException.notFound("Parent " + parentId + " is neither the root " + org.rootId()
                    + " nor an organizational unit");
        }
    }

    private static boolean isParent(IdentityTx tx, Organization org, String id) {
        return org.rootId().equals(id) || (id != null && tx.organizations().unit(id).isPresent());
    }

    private static void requirePolicy(IdentityTx tx, String policyId) {
        if (tx.organizations().policy(policyId).isEmpty()) {
            throw ServiceException.notFound("Policy " + policyId + " does not exist");
        }
    }

    private void requireAccount(String accountId) {
        if (!identities.accountExists(accountId)) {
            throw ServiceException.notFound("Account " + accountId + " does not exist");
        }
    }

    private static String id(String member, String given, Pattern form, String chosen) {
        if (given == null) {
            return chosen;
        }
        if (!form.matcher(given).matches()) {
            throw ServiceException.invalidParameter(member + " " + given + " does not match " + form.pattern());
        }
        return given;
    }

    private static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }
}
