package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.AccessKey;
import dev.hokan.catalog.identity.ConsoleSession;
import dev.hokan.catalog.identity.DeploymentAccount;
import dev.hokan.catalog.identity.IamPrincipal;
import dev.hokan.catalog.identity.IdentityPolicy;
import dev.hokan.catalog.identity.IdentityTx;
import dev.hokan.catalog.identity.PrincipalKind;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The deployment's accounts and IAM identities: users and roles with access keys and inline identity-based
 * policies. Every account has a root user; its keys sign with every permission in the account that service
 * control policies leave it.
 */
public final class Identities {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The prefixes AWS gives the unique IDs of IAM users and roles. */
    private static final String USER_ID_PREFIX = "AIDA";
    private static final String ROLE_ID_PREFIX = "AROA";

    private final CachedIdentityCatalog directory;
    private final ServiceClock clock;
    private final IdentityEvents events;

    public Identities(CachedIdentityCatalog directory, ServiceClock clock, IdentityEvents events) {
        this.directory = directory;
        this.clock = clock;
        this.events = events;
    }

    /** The account the deployment starts with, signed for by the operator's root credentials. */
    public void ensureHomeAccount(String accountId, KeyPair rootKey) {
        directory.write(tx -> {
            if (tx.accounts().find(accountId).isEmpty()) {
                insertAccount(tx, accountId, "home");
            }
            if (tx.accessKeys().find(rootKey.accessKeyId()).isEmpty()) {
                tx.accessKeys().insert(new AccessKey(rootKey.accessKeyId(), rootKey.secretAccessKey(),
                        Caller.rootArn(accountId), clock.now()));
            }
            return null;
        });
    }

    /** Creates an account with a root access key; a null {@code accountId} picks a free one. */
    public NewAccount createAccount(String accountId, String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw ServiceException.invalidParameter("AccountName must be 1 to 128 characters");
        }
        if (accountId != null && !ACCOUNT_ID.matcher(accountId).matches()) {
            throw ServiceException.invalidParameter("AccountId must be 12 digits, not '" + accountId + "'");
        }
        KeyPair key = KeyPair.generate();
        String id = directory.write(tx -> {
            String chosen = accountId != null ? accountId : freeAccountId(tx);
            if (tx.accounts().find(chosen).isPresent()) {
                throw ServiceException.alreadyExists("Account " + chosen + " already exists", null, null);
            }
            insertAccount(tx, chosen, name);
            tx.accessKeys().insert(new AccessKey(key.accessKeyId(), key.secretAccessKey(), Caller.rootArn(chosen),
                    clock.now()));
            return chosen;
        });
        events.ofDeploymentConcerning(id, EventType.ACCOUNT_CREATED, Caller.rootArn(id), "Account " + id + " (" + name
                + ") created with a root access key", Map.of("AccountId", id, "AccountName", name,
                "AccessKeyId", key.accessKeyId()));
        return new NewAccount(id, name, key);
    }

    public List<DeploymentAccount> accounts() {
        return directory.read(tx -> tx.accounts().all());
    }

    public boolean accountExists(String accountId) {
        return directory.view().accounts().contains(accountId);
    }

    /** Refuses an account ID that is missing, or names no account of this deployment. */
    public void requireGivenAccount(String accountId) {
        if (accountId == null || accountId.isEmpty()) {
            throw ServiceException.missingParameter("AccountId");
        }
        if (!accountExists(accountId)) {
            throw ServiceException.notFound("Account " + accountId + " does not exist in this deployment");
        }
    }

    /** Creates an IAM user with the tags given (none when null). */
    public IamPrincipal createUser(String accountId, String userName, Map<String, String> tags) {
        return createPrincipal(accountId, PrincipalKind.USER, "UserName", userName, tags);
    }

    /** Creates an IAM role with the tags given (none when null). */
    public IamPrincipal createRole(String accountId, String roleName, Map<String, String> tags) {
        return createPrincipal(accountId, PrincipalKind.ROLE, "RoleName", roleName, tags);
    }

    public List<IamPrincipal> principals(String accountId) {
        requireAccount(accountId);
        return directory.read(tx -> tx.principals().ofAccount(accountId));
    }

    /**
     * A new access key for a user, a role (roles hold keys here: Hokan has no STS to assume them through) or a root
     * user; who may ask for a root user's is the API's to decide.
     */
    public KeyPair createAccessKey(String principalArn) {
        return issueKey(principal(principalArn), "Access key %s created");
    }

    /**
     * A new access key for an account's root user, which the operator issues when the root's keys are lost; the
     * root's other keys keep working until deleted.
     */
    public KeyPair createRootAccessKey(String accountId) {
        requireAccount(accountId);
        return issueKey(principal(Caller.rootArn(accountId)), "Root access key %s issued by the operator");
    }

    private KeyPair issueKey(IamPrincipal principal, String message) {
        KeyPair key = KeyPair.generate();
        directory.write(tx -> {
            tx.accessKeys().insert(new AccessKey(key.accessKeyId(), key.secretAccessKey(), principal.arn(),
                    clock.now()));
            return null;
        });
        events.ofAccount(principal.accountId(), EventType.ACCESS_KEY_CREATED, principal.arn(),
                message.formatted(key.accessKeyId()), Map.of("AccessKeyId", key.accessKeyId()));
        return key;
    }

    public void deleteAccessKey(String principalArn, String accessKeyId) {
        boolean deleted = directory.write(tx -> tx.accessKeys().find(accessKeyId)
                .filter(k -> k.principalArn().equals(principalArn))
                .map(k -> tx.accessKeys().delete(accessKeyId)).orElse(false));
        if (!deleted) {
            throw ServiceException.notFound("Access key " + accessKeyId + " of " + principalArn + " does not exist");
        }
        events.ofAccount(principal(principalArn).accountId(), EventType.ACCESS_KEY_DELETED, principalArn,
                "Access key " + accessKeyId + " deleted", Map.of("AccessKeyId", accessKeyId));
    }

    /** Sets an inline identity-based policy of a user or role; the document is checked before it is kept. */
    public void putPolicy(String principalArn, String policyName, String document) {
        IamPrincipal principal = principal(principalArn);
        if (principal.kind() == PrincipalKind.ROOT) {
            throw ServiceException.invalidParameter("The root user takes no identity-based policies");
        }
        requireName("PolicyName", policyName);
        PolicyDocuments.parse(document);
        directory.write(tx -> {
            tx.identityPolicies().put(new IdentityPolicy(principalArn, policyName, document));
            return null;
        });
        events.ofAccount(principal.accountId(), EventType.IDENTITY_POLICY_PUT, principalArn,
                "Policy " + policyName + " put", Map.of("PolicyName", policyName, "PolicyDocument", document));
    }

    public void deletePolicy(String principalArn, String policyName) {
        if (!directory.write(tx -> tx.identityPolicies().delete(principalArn, policyName))) {
            throw ServiceException.notFound("Policy " + policyName + " of " + principalArn + " does not exist");
        }
        events.ofAccount(principal(principalArn).accountId(), EventType.IDENTITY_POLICY_DELETED, principalArn,
                "Policy " + policyName + " deleted", Map.of("PolicyName", policyName));
    }

    /** Adds tags to a user or role, replacing those with the same keys (in any case). */
    public void tag(String principalArn, Map<String, String> tags) {
        IamPrincipal principal = taggable(principalArn);
        directory.write(tx -> {
            tx.principalTags().replace(principalArn, IamTags.merged(tx.principalTags().of(principalArn), tags));
            return null;
        });
        events.ofAccount(principal.accountId(), EventType.PRINCIPAL_TAGGED, principalArn,
                "Tags " + String.join(", ", tags.keySet()) + " set", tags);
    }

    /** Removes the tags of a user or role that {@code keys} name (in any case); keys it does not have are ignored. */
    public void untag(String principalArn, List<String> keys) {
        IamPrincipal principal = taggable(principalArn);
        directory.write(tx -> {
            tx.principalTags().replace(principalArn, IamTags.without(tx.principalTags().of(principalArn), keys));
            return null;
        });
        events.ofAccount(principal.accountId(), EventType.PRINCIPAL_UNTAGGED, principalArn,
                "Tags " + String.join(", ", keys) + " removed", Map.of("TagKeys", String.join(",", keys)));
    }

    /** The principal's tags, what policies see as {@code aws:PrincipalTag/KEY}; a root user has none. */
    public Map<String, String> tags(String principalArn) {
        principal(principalArn);
        return directory.view().principalTags().getOrDefault(principalArn, Map.of());
    }

    public List<IdentityPolicy> policies(String principalArn) {
        principal(principalArn);
        return directory.read(tx -> tx.identityPolicies().ofPrincipal(principalArn));
    }

    /** The principal's identity-based policies, parsed. */
    List<Policy> parsedPolicies(String principalArn) {
        return directory.view().identityPolicies().getOrDefault(principalArn, List.of());
    }

    /**
     * The identity catalog read once for an API call: who signed it, their policies and their place in the
     * organisation are looked up in this reading for the rest of the call ({@link CachedIdentityCatalog.Reading#call}).
     */
    public CachedIdentityCatalog.Reading reading() {
        return directory.reading();
    }

    /** How many times this node has read the identity catalog for its lookups since it started. */
    public long catalogReads() {
        return directory.reads();
    }

    /**
     * Sets the console password of a user or root user (roles have none: nobody signs in as a role); the password
     * is kept only as a salted hash.
     */
    public void setConsolePassword(String principalArn, String password) {
        IamPrincipal principal = principal(principalArn);
        if (principal.kind() == PrincipalKind.ROLE) {
            throw ServiceException.invalidParameter("A role has no console password; only users and root users sign in");
        }
        String hash = ConsolePassword.hash(password);
        directory.write(tx -> {
            tx.consolePasswords().put(principalArn, hash, clock.now());
            return null;
        });
        events.ofAccount(principal.accountId(), EventType.CONSOLE_PASSWORD_SET, principalArn,
                "Console password set", Map.of());
    }

    /** A new random console password for the principal, which the caller shows once. */
    public String generateConsolePassword(String principalArn) {
        String password = ConsolePassword.generate();
        setConsolePassword(principalArn, password);
        return password;
    }

    /**
     * Who signs in to the console with this password: the user of that name in the account, or its root user when
     * {@code userName} is null or empty; empty when either is unknown or the password is not theirs.
     */
    public Optional<Caller> consoleSignIn(String accountId, String userName, String password) {
        String arn = userName == null || userName.isEmpty() ? Caller.rootArn(accountId)
                : "arn:aws:iam::" + accountId + ":user/" + userName;
        Optional<String> hash = directory.read(tx -> tx.consolePasswords().hashOf(arn));
        return hash.filter(stored -> ConsolePassword.matches(password, stored)).flatMap(stored -> consoleCaller(arn));
    }

    /** Records a new console session, and forgets those last used before {@code unusedSince}. */
    public void openConsoleSession(ConsoleSession session, Instant unusedSince) {
        directory.writeOutsideView(tx -> {
            tx.consoleSessions().closeUnusedSince(unusedSince);
            tx.consoleSessions().open(session);
            return null;
        });
    }

    /** The console session whose token has this hash, on whichever node it was opened. */
    public Optional<ConsoleSession> consoleSession(String tokenHash) {
        return directory.read(tx -> tx.consoleSessions().find(tokenHash));
    }

    public void renewConsoleSession(String tokenHash, Instant lastUsed) {
        directory.writeOutsideView(tx -> {
            tx.consoleSessions().touch(tokenHash, lastUsed);
            return null;
        });
    }

    public void closeConsoleSession(String tokenHash) {
        directory.writeOutsideView(tx -> {
            tx.consoleSessions().close(tokenHash);
            return null;
        });
    }

    /** The caller a console session of this principal stands for, while the principal exists. */
    public Optional<Caller> consoleCaller(String principalArn) {
        return principalIfAny(principalArn).map(p -> new Caller(p.arn(), p.accountId(), p.kind(), null));
    }

    /** Who signs with this access key, if anyone. */
    public Optional<Caller> caller(String accessKeyId) {
        return Optional.ofNullable(directory.view().callers().get(accessKeyId));
    }

    public Optional<IamPrincipal> principalIfAny(String principalArn) {
        return Optional.ofNullable(directory.view().principals().get(principalArn));
    }

    public IamPrincipal principal(String principalArn) {
        return principalIfAny(principalArn).orElseThrow(() ->
                ServiceException.notFound("Principal " + principalArn + " does not exist"));
    }

    private IamPrincipal createPrincipal(String accountId, PrincipalKind kind, String member, String name,
                                         Map<String, String> tags) {
        requireName(member, name);
        Map<String, String> initialTags = tags == null ? Map.of() : IamTags.merged(Map.of(), tags);
        requireAccount(accountId);
        boolean user = kind == PrincipalKind.USER;
        String arn = "arn:aws:iam::" + accountId + ":" + kind.name().toLowerCase() + "/" + name;
        IamPrincipal principal = new IamPrincipal(arn, accountId, kind, name,
                KeyPair.uniqueId(user ? USER_ID_PREFIX : ROLE_ID_PREFIX), clock.now());
        directory.write(tx -> {
            if (tx.principals().find(arn).isPresent()) {
                throw ServiceException.alreadyExists(arn + " already exists", arn, null);
            }
            tx.principals().insert(principal);
            tx.principalTags().replace(arn, initialTags);
            return null;
        });
        events.ofAccount(accountId, user ? EventType.USER_CREATED : EventType.ROLE_CREATED, arn,
                (user ? "User " : "Role ") + name + " created", initialTags);
        return principal;
    }

    private IamPrincipal taggable(String principalArn) {
        IamPrincipal principal = principal(principalArn);
        if (principal.kind() == PrincipalKind.ROOT) {
            throw ServiceException.invalidParameter("The root user takes no tags");
        }
        return principal;
    }

    /** An account and its root user, whose unique ID is the account's, as AWS gives it. */
    private void insertAccount(IdentityTx tx, String accountId, String name) {
        tx.accounts().insert(new DeploymentAccount(accountId, name, clock.now()));
        tx.principals().insert(new IamPrincipal(Caller.rootArn(accountId), accountId, PrincipalKind.ROOT, "root",
                accountId, clock.now()));
    }

    private static String freeAccountId(IdentityTx tx) {
        while (true) {
            String id = String.format("%012d", RANDOM.nextLong(100_000_000_000L, 1_000_000_000_000L));
            if (tx.accounts().find(id).isEmpty()) {
                return id;
            }
        }
    }

    private void requireAccount(String accountId) {
        if (!accountExists(accountId)) {
            throw ServiceException.notFound("Account " + accountId + " does not exist");
        }
    }

    private static void requireName(String member, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceException.invalidParameter(member + " must be 1 to 64 letters, digits or +=,.@_- characters");
        }
    }

    /** A created account and its root key, which is shown once. */
    public record NewAccount(String accountId, String name, KeyPair rootKey) {
    }
}
