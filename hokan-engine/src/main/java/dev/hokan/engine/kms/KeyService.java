package dev.hokan.engine.kms;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.kms.GrantConstraints;
import dev.hokan.catalog.cell.protection.LegalHold;
import dev.hokan.catalog.cell.protection.LegalHoldStatus;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.kms.KeyManager;
import dev.hokan.catalog.cell.kms.KeyState;
import dev.hokan.catalog.cell.kms.KeyVersion;
import dev.hokan.catalog.cell.kms.KmsAlias;
import dev.hokan.catalog.cell.kms.KmsGrant;
import dev.hokan.catalog.cell.kms.KmsKey;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.iam.Policy;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.crypto.TamperedDataException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The KMS keys of one cell: their life (states, aliases, rotation, scheduled deletion), policies and grants, and
 * what they seal. Key material is made here, kept only sealed under the master key (one row per version: rotation
 * adds one, older ones stay to open what they sealed) and never leaves in clear; a key's deletion, once its waiting
 * period has passed on the service's clock, destroys every version. Authorisation is the caller's
 * ({@link #grantAllows}, {@link #policy}); every change is an event by its actor.
 */
public final class KeyService {
    /** The alias of the account's AWS managed key for AWS Backup, made on first use. */
    public static final String BACKUP_ALIAS = "alias/aws/backup";
    public static final int MIN_PENDING_WINDOW_DAYS = 7;
    public static final int MAX_PENDING_WINDOW_DAYS = 30;
    public static final int DEFAULT_ROTATION_DAYS = 365;
    private static final int MIN_ROTATION_DAYS = 90;
    private static final int MAX_ROTATION_DAYS = 2560;
    private static final int MATERIAL_BYTES = 32;
    private static final int MAX_DESCRIPTION = 8192;
    /** The operations a grant may allow that Hokan's symmetric keys have. */
    public static final Set<String> GRANT_OPERATIONS = Set.of("Decrypt", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "CreateGrant", "RetireGrant",
            "DescribeKey");
    private static final Pattern GRANTEE = Pattern.compile("arn:aws:iam::\\d{12}:(root|user/.+|role/.+)"
            + "|[a-z0-9.-]+\\.amazonaws\\.com");
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CellContext cell;
    private final MasterKey master;

    public KeyService(CellContext cell, MasterKey master) {
        this.cell = cell;
        this.master = master;
    }

    /** The account and region whose keys these are. */
    public Account account() {
        return cell.account();
    }

    public String keyArn(KmsKey key) {
        return KeyReference.keyArn(account(), key.keyId());
    }

    public String aliasArn(String aliasName) {
        return KeyReference.aliasArn(account(), aliasName);
    }

    /** A plaintext and the ARN of the key that sealed or opened it. */
    public record Opened(String keyArn, byte[] plaintext) {
    }

    /** A new data key: its plaintext and the same sealed under the KMS key. */
    public record DataKey(String keyArn, byte[] plaintext, byte[] ciphertextBlob) {
    }

    /** A new grant's ID and token. */
    public record CreatedGrant(String grantId, String grantToken) {
    }

    // ---- keys

    /** A new customer managed key, with the default key policy unless {@code policy} is given. */
    public KmsKey createKey(String description, String policy) {
        String checkedDescription = description == null ? "" : description;
        if (checkedDescription.length() > MAX_DESCRIPTION) {
            throw KmsException.validation("Description must be at most " + MAX_DESCRIPTION + " characters");
        }
        String checkedPolicy = policy == null ? KeyPolicies.customerDefault(account()) : policy;
        KeyPolicies.check(checkedPolicy);
        return cell.catalog().write(tx -> insertKey(tx, checkedDescription, KeyManager.CUSTOMER, checkedPolicy));
    }

    private KmsKey insertKey(CellTx tx, String description, KeyManager manager, String policy) {
        Instant now = cell.clock().now();
        KmsKey key = new KmsKey(UUID.randomUUID().toString(), now, description, manager, KeyState.ENABLED, policy,
                null, null, null, null);
        if (manager == KeyManager.AWS) {
            key = key.withRotation(DEFAULT_ROTATION_DAYS, now.plus(Duration.ofDays(DEFAULT_ROTATION_DAYS)));
        }
        tx.kmsKeys().insert(key);
        addVersion(tx, key, 1, now);
        EventLog.record(tx, now, EventType.KMS_KEY_CREATED, keyArn(key), "KMS key " + key.keyId() + " created"
                + (manager == KeyManager.AWS ? " (AWS managed)" : ""), Map.of());
        return key;
    }

    private void addVersion(CellTx tx, KmsKey key, int version, Instant now) {
        byte[] material = randomBytes(MATERIAL_BYTES);
        tx.kmsKeys().insertVersion(new KeyVersion(key.keyId(), version, now,
                master.seal(material, sealingPurpose(key.keyId(), version))));
    }

    /** What each version's material is sealed for under the master key: this cell, this key, this version. */
    private String sealingPurpose(String keyId, int version) {
        return "kms-key-material:" + KeyReference.keyArn(account(), keyId) + ":" + version;
    }

    /** The key a reference names in this cell; the account's AWS managed backup key is made on first use. */
    public KmsKey key(KeyReference reference) {
        if (BACKUP_ALIAS.equals(reference.aliasName())) {
            return backupKey();
        }
        return cell.catalog().read(tx -> resolve(tx, reference));
    }

    /** The account's AWS managed key for AWS Backup ({@value #BACKUP_ALIAS}), made the first time it is asked for. */
    public KmsKey backupKey() {
        Optional<KmsKey> existing = cell.catalog().read(tx -> tx.kmsAliases().find(BACKUP_ALIAS)
                .flatMap(a -> tx.kmsKeys().find(a.keyId())));
        return existing.orElseGet(() -> cell.catalog().write(tx -> {
            Optional<KmsAlias> raced = tx.kmsAliases().find(BACKUP_ALIAS);
            if (raced.isPresent()) {
                return tx.kmsKeys().find(raced.get().keyId()).orElseThrow();
            }
            KmsKey key = insertKey(tx, "Default key that protects my backups when no other key is defined",
                    KeyManager.AWS, KeyPolicies.backupManaged(account()));
            Instant now = cell.clock().now();
            tx.kmsAliases().insert(new KmsAlias(BACKUP_ALIAS, key.keyId(), now, now));
            return key;
        }));
    }

    private KmsKey resolve(CellTx tx, KeyReference reference) {
        if (reference.account().filter(a -> !a.equals(account().accountId())).isPresent()
                || reference.region().filter(r -> !r.equals(account().region())).isPresent()) {
            throw KmsException.notFound("Key '" + describe(reference) + "' does not exist");
        }
        if (reference.isAlias()) {
            KmsAlias alias = tx.kmsAliases().find(reference.aliasName()).orElseThrow(() -> KmsException.notFound(
                    "Alias '" + aliasArn(reference.aliasName()) + "' is not found."));
            return tx.kmsKeys().find(alias.keyId()).orElseThrow(() -> KmsException.notFound(
                    "Alias '" + aliasArn(reference.aliasName()) + "' is not found."));
        }
        return tx.kmsKeys().find(reference.keyId()).orElseThrow(() -> KmsException.notFound(
                "Key '" + KeyReference.keyArn(account(), reference.keyId()) + "' does not exist"));
    }

    private static String describe(KeyReference reference) {
        return reference.isAlias() ? reference.aliasName() : reference.keyId();
    }

    public Page<KmsKey> listKeys(PageRequest page) {
        return cell.catalog().read(tx -> tx.kmsKeys().list(page));
    }

    public KmsKey enable(KeyReference reference) {
        return changeState(reference, KeyState.ENABLED, EventType.KMS_KEY_ENABLED, "enabled");
    }

    public KmsKey disable(KeyReference reference) {
        return changeState(reference, KeyState.DISABLED, EventType.KMS_KEY_DISABLED, "disabled");
    }

    private KmsKey changeState(KeyReference reference, KeyState state, EventType event, String done) {
        return cell.catalog().write(tx -> {
            KmsKey key = customerManaged(resolve(tx, reference), "change the state of");
            if (key.state() == KeyState.PENDING_DELETION) {
                throw pendingDeletion(key);
            }
            if (key.state() != state) {
                tx.kmsKeys().update(key.withState(state));
                EventLog.record(tx, cell.clock().now(), event, keyArn(key), "KMS key " + key.keyId() + " " + done,
                        Map.of());
            }
            return key.withState(state);
        });
    }

    private KmsKey customerManaged(KmsKey key, String what) {
        if (key.manager() == KeyManager.AWS) {
            throw new KmsException(KmsError.UNSUPPORTED, keyArn(key) + " is an AWS managed key: only the service it"
                    + " is made for may " + what + " it");
        }
        return key;
    }

    private KmsException pendingDeletion(KmsKey key) {
        return KmsException.invalidState(keyArn(key) + " is pending deletion.");
    }

    /** Schedules the key's deletion {@code windowDays} (7-30, default 30) days from now on the service's clock. */
    public KmsKey scheduleDeletion(KeyReference reference, Integer windowDays) {
        int days = windowDays == null ? MAX_PENDING_WINDOW_DAYS : windowDays;
        if (days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) {
            throw KmsException.validation("1 validation error detected: Value '" + days + "' at 'pendingWindowInDays'"
                    + " failed to satisfy constraint: Member must have value between " + MIN_PENDING_WINDOW_DAYS
                    + " and " + MAX_PENDING_WINDOW_DAYS);
        }
        return cell.catalog().write(tx -> {
            KmsKey key = customerManaged(resolve(tx, reference), "delete");
            if (key.state() == KeyState.PENDING_DELETION) {
                throw pendingDeletion(key);
            }
            List<String> protections = protections(tx, keyArn(key));
            if (!protections.isEmpty()) {
                throw KmsException.invalidState(keyArn(key) + " cannot be scheduled for deletion: it encrypts"
                        + " recovery points that must be kept (" + String.join("; ", protections) + ")");
            }
            Instant now = cell.clock().now();
            KmsKey scheduled = key.withDeletion(now.plus(Duration.ofDays(days)), days);
            tx.kmsKeys().update(scheduled);
            EventLog.record(tx, now, EventType.KMS_KEY_DELETION_SCHEDULED, keyArn(key), "KMS key " + key.keyId()
                    + " scheduled for deletion on " + scheduled.deletionDate(), Map.of("PendingWindowInDays",
                    Integer.toString(days)));
            return scheduled;
        });
    }

    /** What keeps the points of the key's vaults: compliance locks of vaults that hold points, and legal holds. */
    private static List<String> protections(CellTx tx, String keyArn) {
        List<BackupVault> vaults = tx.vaults().encryptedBy(keyArn);
        Set<String> names = vaults.stream().map(BackupVault::name).collect(Collectors.toSet());
        List<String> protections = new ArrayList<>();
        for (BackupVault vault : vaults) {
            tx.vaultLocks().find(vault.name()).filter(lock -> lock.lockDate() != null
                    && vault.numberOfRecoveryPoints() > 0).ifPresent(lock -> protections.add("backup vault "
                    + vault.name() + " is locked in compliance mode"));
        }
        for (LegalHoldStatus status : LegalHoldStatus.values()) {
            if (!status.holds()) {
                continue;
            }
            for (LegalHold hold : tx.legalHolds().inStatus(status)) {
                for (String pointId : tx.legalHolds().pointIds(hold.legalHoldId())) {
                    tx.recoveryPoints().find(pointId).filter(p -> names.contains(p.vaultName())).ifPresent(p ->
                            protections.add("legal hold " + hold.legalHoldId() + " holds recovery point "
                                    + pointId + " of backup vault " + p.vaultName()));
                }
            }
        }
        return protections;
    }

    /** Cancels a scheduled deletion; the key is then disabled, as on KMS. */
    public KmsKey cancelDeletion(KeyReference reference) {
        return cell.catalog().write(tx -> {
            KmsKey key = customerManaged(resolve(tx, reference), "cancel the deletion of");
            if (key.state() != KeyState.PENDING_DELETION) {
                throw KmsException.invalidState(keyArn(key) + " is not pending deletion.");
            }
            KmsKey disabled = key.withState(KeyState.DISABLED);
            tx.kmsKeys().update(disabled);
            EventLog.record(tx, cell.clock().now(), EventType.KMS_KEY_DELETION_CANCELLED, keyArn(key), "Deletion of"
                    + " KMS key " + key.keyId() + " cancelled; the key is disabled", Map.of());
            return disabled;
        });
    }

    /**
     * Applies what is due on the service's clock: rotates the keys whose rotation date has come, and destroys the
     * keys whose waiting period has passed, with every version of their material, aliases and grants.
     */
    public void applyDue() {
        Instant now = cell.clock().now();
        if (cell.catalog().read(tx -> tx.kmsKeys().rotationDue(now).isEmpty()
                && tx.kmsKeys().deletionDue(now).isEmpty())) {
            return;
        }
        cell.catalog().write(tx -> {
            for (KmsKey key : tx.kmsKeys().rotationDue(now)) {
                rotate(tx, key, now, "automatically");
                Instant next = key.nextRotation();
                Duration period = Duration.ofDays(key.rotationPeriodDays());
                while (!next.isAfter(now)) {
                    next = next.plus(period);
                }
                tx.kmsKeys().update(key.withRotation(key.rotationPeriodDays(), next));
            }
            for (KmsKey key : tx.kmsKeys().deletionDue(now)) {
                tx.kmsKeys().delete(key.keyId());
                tx.kmsAliases().deleteOfKey(key.keyId());
                tx.kmsGrants().deleteOfKey(key.keyId());
                EventLog.record(tx, now, EventType.KMS_KEY_DELETED, keyArn(key), "KMS key " + key.keyId()
                        + " deleted: its material is destroyed and what it sealed can no longer be decrypted", Map.of());
            }
            return null;
        });
    }

    // ---- rotation

    public KmsKey enableRotation(KeyReference reference, Integer periodDays) {
        int days = periodDays == null ? DEFAULT_ROTATION_DAYS : periodDays;
        if (days < MIN_ROTATION_DAYS || days > MAX_ROTATION_DAYS) {
            throw KmsException.validation("1 validation error detected: Value '" + days + "' at"
                    + " 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between "
                    + MIN_ROTATION_DAYS + " and " + MAX_ROTATION_DAYS);
        }
        return setRotation(reference, days);
    }

    public KmsKey disableRotation(KeyReference reference) {
        return setRotation(reference, null);
    }

    private KmsKey setRotation(KeyReference reference, Integer days) {
        return cell.catalog().write(tx -> {
            KmsKey key = usable(customerManaged(resolve(tx, reference), "change the rotation of"));
            Instant now = cell.clock().now();
            KmsKey changed = key.withRotation(days, days == null ? null : now.plus(Duration.ofDays(days)));
            tx.kmsKeys().update(changed);
            EventLog.record(tx, now, EventType.KMS_KEY_ROTATION_SET, keyArn(key), "Automatic rotation of KMS key "
                    + key.keyId() + (days == null ? " disabled" : " every " + days + " days"), Map.of());
            return changed;
        });
    }

    /** Rotates the key now: a new version of its material seals from now on; the older ones still open. */
    public KmsKey rotateOnDemand(KeyReference reference) {
        return cell.catalog().write(tx -> {
            KmsKey key = usable(customerManaged(resolve(tx, reference), "rotate"));
            rotate(tx, key, cell.clock().now(), "on demand");
            return key;
        });
    }

    private void rotate(CellTx tx, KmsKey key, Instant now, String how) {
        int version = tx.kmsKeys().latestVersion(key.keyId()).orElseThrow().version() + 1;
        addVersion(tx, key, version, now);
        EventLog.record(tx, now, EventType.KMS_KEY_ROTATED, keyArn(key), "KMS key " + key.keyId() + " rotated "
                + how + " to version " + version, Map.of("Version", Integer.toString(version)));
    }

    // ---- policies

    /** The key's policy as the policy engine weighs it. */
    public Policy policy(KmsKey key) {
        return KeyPolicies.policy(keyArn(key), key.policy());
    }

    public void putPolicy(KeyReference reference, String policy) {
        KeyPolicies.check(policy);
        cell.catalog().write(tx -> {
            KmsKey key = customerManaged(resolve(tx, reference), "change the policy of");
            tx.kmsKeys().update(key.withPolicy(policy));
            EventLog.record(tx, cell.clock().now(), EventType.KMS_KEY_POLICY_PUT, keyArn(key), "Policy of KMS key "
                    + key.keyId() + " put", Map.of());
            return null;
        });
    }

    // ---- aliases

    public void createAlias(String aliasName, KeyReference target) {
        KeyReference.requireAliasName(aliasName);
        if (target.isAlias()) {
            throw KmsException.validation("TargetKeyId must name a key by its ID or ARN, not an alias");
        }
        cell.catalog().write(tx -> {
            KmsKey key = customerManaged(resolve(tx, target), "alias");
            if (key.state() == KeyState.PENDING_DELETION) {
                throw pendingDeletion(key);
            }
            if (tx.kmsAliases().find(aliasName).isPresent()) {
                throw new KmsException(KmsError.ALREADY_EXISTS, "An alias with the name " + aliasArn(aliasName)
                        + " already exists");
            }
            Instant now = cell.clock().now();
            tx.kmsAliases().insert(new KmsAlias(aliasName, key.keyId(), now, now));
            EventLog.record(tx, now, EventType.KMS_ALIAS_CREATED, aliasArn(aliasName), "Alias " + aliasName
                    + " of KMS key " + key.keyId() + " created", Map.of("TargetKeyId", key.keyId()));
            return null;
        });
    }

    /** The alias's key, for authorising a change of the alias on it. */
    public KmsKey aliasTarget(String aliasName) {
        KeyReference.requireAliasName(aliasName);
        return cell.catalog().read(tx -> resolve(tx, new KeyReference(Optional.empty(), Optional.empty(), null,
                aliasName)));
    }

    public void deleteAlias(String aliasName) {
        KeyReference.requireAliasName(aliasName);
        cell.catalog().write(tx -> {
            if (!tx.kmsAliases().delete(aliasName)) {
                throw KmsException.notFound("Alias '" + aliasArn(aliasName) + "' is not found.");
            }
            EventLog.record(tx, cell.clock().now(), EventType.KMS_ALIAS_DELETED, aliasArn(aliasName), "Alias "
                    + aliasName + " deleted", Map.of());
            return null;
        });
    }

    /** The cell's aliases, or one key's. */
    public Page<KmsAlias> listAliases(KmsKey key, PageRequest page) {
        return cell.catalog().read(tx -> tx.kmsAliases().list(key == null ? null : key.keyId(), page));
    }

    // ---- grants

    public CreatedGrant createGrant(KmsKey key, String granteePrincipal, String retiringPrincipal,
                                    List<String> operations, GrantConstraints constraints, String name,
                                    String issuingAccount) {
        requirePrincipal("GranteePrincipal", granteePrincipal);
        if (retiringPrincipal != null) {
            requirePrincipal("RetiringPrincipal", retiringPrincipal);
        }
        if (operations == null || operations.isEmpty()) {
            throw KmsException.validation("Operations must name at least one operation");
        }
        operations.stream().filter(o -> !GRANT_OPERATIONS.contains(o)).findFirst().ifPresent(o -> {
            throw KmsException.validation("Operation " + o + " is not one a grant on a symmetric encryption key"
                    + " may allow: " + String.join(", ", GRANT_OPERATIONS.stream().sorted().toList()));
        });
        String grantId = HexFormat.of().formatHex(randomBytes(32));
        return cell.catalog().write(tx -> {
            KmsKey current = resolve(tx, new KeyReference(Optional.empty(), Optional.empty(), key.keyId(), null));
            if (current.state() == KeyState.PENDING_DELETION) {
                throw pendingDeletion(current);
            }
            Instant now = cell.clock().now();
            tx.kmsGrants().insert(new KmsGrant(grantId, key.keyId(), now, name, granteePrincipal, retiringPrincipal,
                    issuingAccount, operations.stream().distinct().toList(), constraints));
            EventLog.record(tx, now, EventType.KMS_GRANT_CREATED, keyArn(key), "Grant " + grantId + " on KMS key "
                    + key.keyId() + " to " + granteePrincipal + " for " + String.join(", ", operations),
                    Map.of("GrantId", grantId, "GranteePrincipal", granteePrincipal));
            return new CreatedGrant(grantId, HexFormat.of().formatHex(randomBytes(32)));
        });
    }

    private static void requirePrincipal(String member, String principal) {
        if (principal == null || !GRANTEE.matcher(principal).matches()) {
            throw KmsException.validation(member + " must be the ARN of an account, user or role"
                    + " (arn:aws:iam::ACCOUNT:root, ...:user/NAME, ...:role/NAME) or a service principal");
        }
    }

    public Page<KmsGrant> listGrants(KmsKey key, String grantId, String granteePrincipal, PageRequest page) {
        return cell.catalog().read(tx -> tx.kmsGrants().list(key.keyId(), grantId, granteePrincipal, page));
    }

    public void revokeGrant(KmsKey key, String grantId) {
        if (grantId == null || !GRANT_ID.matcher(grantId).matches()) {
            throw new KmsException(KmsError.INVALID_GRANT_ID, "Grant ID " + grantId + " is not valid");
        }
        cell.catalog().write(tx -> {
            if (tx.kmsGrants().find(key.keyId(), grantId).isEmpty()) {
                throw KmsException.notFound("Grant ID " + grantId + " not found for " + keyArn(key));
            }
            tx.kmsGrants().delete(grantId);
            EventLog.record(tx, cell.clock().now(), EventType.KMS_GRANT_REVOKED, keyArn(key), "Grant " + grantId
                    + " on KMS key " + key.keyId() + " revoked", Map.of("GrantId", grantId));
            return null;
        });
    }

    /**
     * Whether a grant on the key lets the principal perform {@code operation} with this encryption context: a grant
     * to the principal itself or to the root of its account, whose constraints the context meets.
     */
    public boolean grantAllows(KmsKey key, String principalArn, String principalAccount, String operation,
                               Map<String, String> encryptionContext) {
        List<KmsGrant> grants = cell.catalog().read(tx -> {
            List<KmsGrant> own = tx.kmsGrants().ofGrantee(key.keyId(), principalArn);
            String root = "arn:aws:iam::" + principalAccount + ":root";
            return root.equals(principalArn) ? own : Stream.concat(own.stream(),
                    tx.kmsGrants().ofGrantee(key.keyId(), root).stream()).toList();
        });
        return grants.stream().anyMatch(g -> g.operations().contains(operation)
                && meets(g.constraints(), encryptionContext));
    }

    private static boolean meets(GrantConstraints constraints, Map<String, String> context) {
        if (constraints.encryptionContextEquals() != null && !constraints.encryptionContextEquals().equals(context)) {
            return false;
        }
        return constraints.encryptionContextSubset() == null
                || context.entrySet().containsAll(constraints.encryptionContextSubset().entrySet());
    }

    // ---- cryptography

    /** Seals {@code plaintext} under the key's newest version. */
    public byte[] encrypt(KmsKey key, byte[] plaintext, Map<String, String> encryptionContext) {
        usable(key);
        KeyVersion version = cell.catalog().read(tx -> tx.kmsKeys().latestVersion(key.keyId())).orElseThrow(() ->
                KmsException.notFound("Key '" + keyArn(key) + "' does not exist"));
        Ciphertext unsealed = new Ciphertext(keyArn(key), version.version(), new byte[0]);
        byte[] sealed = new Sealer(material(version)).seal(plaintext, unsealed.associatedData(encryptionContext));
        return new Ciphertext(unsealed.keyArn(), unsealed.version(), sealed).encode();
    }

    /** A fresh data key of {@code bytes} bytes, and the same sealed under the key. */
    public DataKey generateDataKey(KmsKey key, int bytes, Map<String, String> encryptionContext) {
        byte[] plaintext = randomBytes(bytes);
        return new DataKey(keyArn(key), plaintext, encrypt(key, plaintext, encryptionContext));
    }

    /** The key of this cell that sealed a ciphertext blob, as the blob names it. */
    public static KeyReference sealedBy(byte[] ciphertextBlob) {
        try {
            return KeyReference.parse(Ciphertext.decode(ciphertextBlob).keyArn());
        } catch (KmsException e) {
            throw Ciphertext.invalid();
        }
    }

    /**
     * Opens a blob this cell's key sealed, with the version of its material that sealed it.
     *
     * @param expected the key the caller named, or null: a blob of another key is refused (IncorrectKeyException)
     */
    public Opened decrypt(byte[] ciphertextBlob, KmsKey expected, Map<String, String> encryptionContext) {
        Ciphertext ciphertext = Ciphertext.decode(ciphertextBlob);
        KmsKey key = expected != null ? expected : key(sealedBy(ciphertextBlob));
        if (!ciphertext.keyArn().equals(keyArn(key))) {
            throw new KmsException(KmsError.INCORRECT_KEY, "The key ID in the request does not identify a KMS key"
                    + " that can perform this operation: the ciphertext was sealed by another key");
        }
        usable(key);
        KeyVersion version = cell.catalog().read(tx -> tx.kmsKeys().version(key.keyId(), ciphertext.version()))
                .orElseThrow(Ciphertext::invalid);
        try {
            return new Opened(keyArn(key), new Sealer(material(version)).open(ciphertext.sealed(),
                    ciphertext.associatedData(encryptionContext), "ciphertext"));
        } catch (TamperedDataException e) {
            throw Ciphertext.invalid();
        }
    }

    /** @throws KmsException when the key does not exist or is not enabled */
    public KmsKey requireUsable(KeyReference reference) {
        return usable(key(reference));
    }

    private KmsKey usable(KmsKey key) {
        return switch (key.state()) {
            case ENABLED -> key;
            case DISABLED -> throw new KmsException(KmsError.DISABLED, keyArn(key) + " is disabled.");
            case PENDING_DELETION -> throw pendingDeletion(key);
        };
    }

    /**
     * Seals every version of every key's material under {@code to} instead of the master key this service opens them
     * with, in one transaction, as a rotation of the master key does; answers how many versions there were.
     */
    public int resealMaterial(MasterKey to) {
        return cell.catalog().write(tx -> {
            List<KeyVersion> versions = tx.kmsKeys().allVersions();
            for (KeyVersion version : versions) {
                tx.kmsKeys().updateVersion(new KeyVersion(version.keyId(), version.version(), version.creationDate(),
                        to.seal(material(version), sealingPurpose(version.keyId(), version.version()))));
            }
            return versions.size();
        });
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private byte[] material(KeyVersion version) {
        try {
            return master.open(version.sealedMaterial(), sealingPurpose(version.keyId(), version.version()));
        } catch (TamperedDataException e) {
            throw new KmsException(KmsError.INTERNAL, "The material of key " + version.keyId() + " version "
                    + version.version() + " failed authentication under the master key");
        }
    }
}
