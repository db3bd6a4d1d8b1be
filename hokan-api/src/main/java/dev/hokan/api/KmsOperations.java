package dev.hokan.api;

import dev.hokan.catalog.Cursor;
import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.kms.GrantConstraints;
import dev.hokan.catalog.cell.kms.KeyState;
import dev.hokan.catalog.cell.kms.KmsAlias;
import dev.hokan.catalog.cell.kms.KmsGrant;
import dev.hokan.catalog.cell.kms.KmsKey;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsError;
import dev.hokan.engine.kms.KmsException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The KMS actions Hokan serves, with the members of KMS's model. A call on a key goes to the cell of the key's
 * account (its ARN's, or the caller's) in the request's region and is authorised as {@code kms:ACTION} on the key's
 * ARN: a grant to the caller for the operation allows it; otherwise the key policy is the resource policy, so another
 * account's principal needs both its own identity-based policy and the key policy. CreateKey and the lists of the
 * caller's account are authorised on "*".
 */
final class KmsOperations {
    /** One action: authorises the call, then answers its result. */
    @FunctionalInterface
    interface Action {
        JsonOut run(ApiCall call);
    }

    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    private static final String DEFAULT_POLICY_NAME = "default";
    private static final int MAX_PLAINTEXT = 4096;
    private static final int MAX_DATA_KEY = 1024;
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_LIMIT = 100;
    private static final Base64.Decoder BASE64_IN = Base64.getDecoder();
    private static final Base64.Encoder BASE64_OUT = Base64.getEncoder();

    private final Deployment deployment;
    private final ApiAccess access;
    private final Map<String, Action> actions = new LinkedHashMap<>();

    KmsOperations(Deployment deployment, ApiAccess access) {
        this.deployment = deployment;
        this.access = access;
        actions.put("CreateKey", this::createKey);
        actions.put("DescribeKey", call -> {
            OnKey on = onKey(call, "KeyId", "DescribeKey", Map.of());
            return JsonOut.object().put("KeyMetadata", metadata(on));
        });
        actions.put("ListKeys", this::listKeys);
        actions.put("EnableKey", call -> {
            OnKey on = onKey(call, "KeyId", "EnableKey", Map.of());
            on.keys().enable(on.reference());
            return JsonOut.object();
        });
        actions.put("DisableKey", call -> {
            OnKey on = onKey(call, "KeyId", "DisableKey", Map.of());
            on.keys().disable(on.reference());
            return JsonOut.object();
        });
        actions.put("ScheduleKeyDeletion", call -> {
            OnKey on = onKey(call, "KeyId", "ScheduleKeyDeletion", Map.of());
            KmsKey scheduled = on.keys().scheduleDeletion(on.reference(), integer(call, "PendingWindowInDays"));
            return JsonOut.object().put("KeyId", on.arn()).put("DeletionDate", scheduled.deletionDate())
                    .put("KeyState", scheduled.state().wireName())
                    .put("PendingWindowInDays", scheduled.pendingWindowDays().longValue());
        });
        actions.put("CancelKeyDeletion", call -> {
            OnKey on = onKey(call, "KeyId", "CancelKeyDeletion", Map.of());
            on.keys().cancelDeletion(on.reference());
            return JsonOut.object().put("KeyId", on.arn());
        });
        actions.put("EnableKeyRotation", call -> {
            OnKey on = onKey(call, "KeyId", "EnableKeyRotation", Map.of());
            on.keys().enableRotation(on.reference(), integer(call, "RotationPeriodInDays"));
            return JsonOut.object();
        });
        actions.put("DisableKeyRotation", call -> {
            OnKey on = onKey(call, "KeyId", "DisableKeyRotation", Map.of());
            on.keys().disableRotation(on.reference());
            return JsonOut.object();
        });
        actions.put("GetKeyRotationStatus", call -> {
            OnKey on = onKey(call, "KeyId", "GetKeyRotationStatus", Map.of());
            Integer period = on.key().rotationPeriodDays();
            return JsonOut.object().put("KeyRotationEnabled", period != null).put("KeyId", on.arn())
                    .put("RotationPeriodInDays", period == null ? null : period.longValue())
                    .put("NextRotationDate", on.key().nextRotation());
        });
        actions.put("RotateKeyOnDemand", call -> {
            OnKey on = onKey(call, "KeyId", "RotateKeyOnDemand", Map.of());
            on.keys().rotateOnDemand(on.reference());
            return JsonOut.object().put("KeyId", on.arn());
        });
        actions.put("GetKeyPolicy", call -> {
            policyName(call);
            OnKey on = onKey(call, "KeyId", "GetKeyPolicy", Map.of());
            return JsonOut.object().put("Policy", on.key().policy()).put("PolicyName", DEFAULT_POLICY_NAME);
        });
        actions.put("PutKeyPolicy", call -> {
            policyName(call);
            String policy = required(call, "Policy");
            OnKey on = onKey(call, "KeyId", "PutKeyPolicy", Map.of());
            on.keys().putPolicy(on.reference(), policy);
            return JsonOut.object();
        });
        actions.put("CreateAlias", this::createAlias);
        actions.put("DeleteAlias", this::deleteAlias);
        actions.put("ListAliases", this::listAliases);
        actions.put("CreateGrant", this::createGrant);
        actions.put("ListGrants", this::listGrants);
        actions.put("RevokeGrant", call -> {
            OnKey on = onKey(call, "KeyId", "RevokeGrant", Map.of());
            on.keys().revokeGrant(on.key(), required(call, "GrantId"));
            return JsonOut.object();
        });
        actions.put("Encrypt", this::encrypt);
        actions.put("Decrypt", this::decrypt);
        actions.put("GenerateDataKey", this::generateDataKey);
        actions.put("ReEncrypt", this::reEncrypt);
    }

    Action find(String action) {
        return actions.get(action);
    }

    /** A key the call names, in its cell, once the caller may act on it. */
    private record OnKey(Engine cell, KeyReference reference, KmsKey key) {
        KeyService keys() {
            return cell.keys();
        }

        String arn() {
            return keys().keyArn(key);
        }
    }

    private OnKey onKey(ApiCall call, String member, String operation, Map<String, String> encryptionContext) {
        return on(call, KeyReference.parse(call.body().string(member)), operation, encryptionContext);
    }

    private OnKey on(ApiCall call, KeyReference reference, String operation, Map<String, String> encryptionContext) {
        Engine cell = cell(call, reference);
        KmsKey key = cell.keys().key(reference);
        access.checkKeyUse(call, cell.keys(), key, operation, encryptionContext);
        return new OnKey(cell, new KeyReference(Optional.empty(), Optional.empty(), key.keyId(), null), key);
    }

    private static Map<String, List<String>> conditions(ApiCall call) {
        return Map.of("kms:CallerAccount", List.of(call.caller().accountId()));
    }

    private Engine cell(ApiCall call, KeyReference reference) {
        String account = reference.accountOr(call.caller().accountId());
        try {
            return deployment.cell(account, reference.regionOr(call.region()));
        } catch (ServiceException e) {
            throw new KmsException(KmsError.NOT_FOUND, "Key '" + call.body().string("KeyId") + "' does not exist");
        }
    }

    private Engine ownCell(ApiCall call) {
        return deployment.cell(call.caller().accountId(), call.region());
    }

    // ---- keys

    private JsonOut createKey(ApiCall call) {
        Input body = call.body();
        only(body, "KeyUsage", "ENCRYPT_DECRYPT");
        only(body, "KeySpec", SYMMETRIC_DEFAULT);
        only(body, "CustomerMasterKeySpec", SYMMETRIC_DEFAULT);
        only(body, "Origin", "AWS_KMS");
        for (String member : List.of("CustomKeyStoreId", "XksKeyId")) {
            if (body.string(member) != null) {
                throw unsupported(member + ": Hokan keeps every key in its own key store");
            }
        }
        if (Boolean.TRUE.equals(body.bool("MultiRegion"))) {
            throw unsupported("MultiRegion: Hokan's keys belong to one region");
        }
        if (body.objects("Tags") != null && !body.objects("Tags").isEmpty()) {
            throw unsupported("Tags: Hokan keeps no tags on keys");
        }
        Engine cell = ownCell(call);
        access.checkKms(call, "kms:CreateKey", "*", cell.account().accountId(), Optional.empty(),
                conditions(call));
        KmsKey key = cell.keys().createKey(body.string("Description"), body.string("Policy"));
        return JsonOut.object().put("KeyMetadata", metadata(new OnKey(cell, null, key)));
    }

    private static void only(Input body, String member, String value) {
        String given = body.string(member);
        if (given != null && !given.equals(value)) {
            throw unsupported(member + " " + given + ": Hokan's keys are " + value);
        }
    }

    private static KmsException unsupported(String what) {
        return new KmsException(KmsError.UNSUPPORTED, "Unsupported: " + what);
    }

    private static JsonOut metadata(OnKey on) {
        KmsKey key = on.key();
        return JsonOut.object()
                .put("AWSAccountId", on.cell().account().accountId())
                .put("KeyId", key.keyId())
                .put("Arn", on.arn())
                .put("CreationDate", key.creationDate())
                .put("Enabled", key.state() == KeyState.ENABLED)
                .put("Description", key.description())
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeyState", key.state().wireName())
                .put("DeletionDate", key.deletionDate())
                .put("Origin", "AWS_KMS")
                .put("KeyManager", key.manager().name())
                .put("CustomerMasterKeySpec", SYMMETRIC_DEFAULT)
                .put("KeySpec", SYMMETRIC_DEFAULT)
                .putStringList("EncryptionAlgorithms", List.of(SYMMETRIC_DEFAULT))
                .put("MultiRegion", false);
    }

    private JsonOut listKeys(ApiCall call) {
        Engine cell = ownCell(call);
        access.checkKms(call, "kms:ListKeys", "*", cell.account().accountId(), Optional.empty(),
                conditions(call));
        Page<KmsKey> page = cell.keys().listKeys(page(call));
        return paged("Keys", page, key -> JsonOut.object().put("KeyId", key.keyId())
                .put("KeyArn", cell.keys().keyArn(key)));
    }

    private static <T> JsonOut paged(String member, Page<T> page, Function<T, JsonOut> item) {
        return JsonOut.object().putList(member, page.items().stream().map(item).toList())
                .put("Truncated", page.next() != null)
                .put("NextMarker", page.next() == null ? null : page.next().toToken());
    }

    private static PageRequest page(ApiCall call) {
        Long limit = call.body().longValue("Limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw KmsValidation.range("limit", limit, 1, MAX_LIMIT);
        }
        String marker = call.body().string("Marker");
        Cursor after = null;
        if (marker != null) {
            try {
                after = Cursor.fromToken(marker);
            } catch (IllegalArgumentException e) {
                throw new KmsException(KmsError.INVALID_MARKER, "Marker is not a marker this server issued");
            }
        }
        return new PageRequest(limit == null ? DEFAULT_LIMIT : limit.intValue(), after);
    }

    private static void policyName(ApiCall call) {
        String name = call.body().string("PolicyName");
        if (name != null && !name.equals(DEFAULT_POLICY_NAME)) {
            throw new KmsException(KmsError.NOT_FOUND, "Key policy " + name + " does not exist: a key has one"
                    + " policy, named default");
        }
    }

    // ---- aliases

    /** CreateAlias needs kms:CreateAlias on the alias and on its key, as on KMS. */
    private JsonOut createAlias(ApiCall call) {
        String alias = KeyReference.requireAliasName(required(call, "AliasName"));
        KeyReference target = KeyReference.parse(required(call, "TargetKeyId"));
        Engine cell = ownCell(call);
        if (!target.accountOr(cell.account().accountId()).equals(cell.account().accountId())) {
            throw KmsValidation.otherAccount("TargetKeyId");
        }
        access.checkKms(call, "kms:CreateAlias", cell.keys().aliasArn(alias), cell.account().accountId(),
                Optional.empty(), conditions(call));
        on(call, target, "CreateAlias", Map.of());
        cell.keys().createAlias(alias, target);
        return JsonOut.object();
    }

    private JsonOut deleteAlias(ApiCall call) {
        String alias = KeyReference.requireAliasName(required(call, "AliasName"));
        Engine cell = ownCell(call);
        access.checkKms(call, "kms:DeleteAlias", cell.keys().aliasArn(alias), cell.account().accountId(),
                Optional.empty(), conditions(call));
        access.checkKeyUse(call, cell.keys(), cell.keys().aliasTarget(alias), "DeleteAlias", Map.of());
        cell.keys().deleteAlias(alias);
        return JsonOut.object();
    }

    private JsonOut listAliases(ApiCall call) {
        String keyId = call.body().string("KeyId");
        Engine cell;
        KmsKey key = null;
        if (keyId != null) {
            OnKey on = onKey(call, "KeyId", "ListAliases", Map.of());
            cell = on.cell();
            key = on.key();
        } else {
            cell = ownCell(call);
            access.checkKms(call, "kms:ListAliases", "*", cell.account().accountId(), Optional.empty(),
                    conditions(call));
        }
        Page<KmsAlias> page = cell.keys().listAliases(key, page(call));
        return paged("Aliases", page, a -> JsonOut.object().put("AliasName", a.aliasName())
                .put("AliasArn", cell.keys().aliasArn(a.aliasName())).put("TargetKeyId", a.keyId())
                .put("CreationDate", a.creationDate()).put("LastUpdatedDate", a.lastUpdated()));
    }

    // ---- grants

    private JsonOut createGrant(ApiCall call) {
        Input body = call.body();
        if (Boolean.TRUE.equals(body.bool("DryRun"))) {
            throw unsupported("DryRun");
        }
        OnKey on = onKey(call, "KeyId", "CreateGrant", Map.of());
        GrantConstraints constraints = GrantConstraints.NONE;
        Input given = body.object("Constraints");
        if (given != null) {
            constraints = new GrantConstraints(given.stringMap("EncryptionContextSubset"),
                    given.stringMap("EncryptionContextEquals"));
        }
        KeyService.CreatedGrant grant = on.keys().createGrant(on.key(), required(call, "GranteePrincipal"),
                body.string("RetiringPrincipal"), body.stringList("Operations"), constraints, body.string("Name"),
                call.caller().accountId());
        return JsonOut.object().put("GrantToken", grant.grantToken()).put("GrantId", grant.grantId());
    }

    private JsonOut listGrants(ApiCall call) {
        OnKey on = onKey(call, "KeyId", "ListGrants", Map.of());
        Page<KmsGrant> page = on.keys().listGrants(on.key(), call.body().string("GrantId"),
                call.body().string("GranteePrincipal"), page(call));
        return paged("Grants", page, g -> {
            JsonOut grant = JsonOut.object().put("KeyId", on.arn()).put("GrantId", g.grantId()).put("Name", g.name())
                    .put("CreationDate", g.creationDate()).put("GranteePrincipal", g.granteePrincipal())
                    .put("RetiringPrincipal", g.retiringPrincipal())
                    .put("IssuingAccount", "arn:aws:iam::" + g.issuingAccount() + ":root")
                    .putStringList("Operations", g.operations());
            GrantConstraints c = g.constraints();
            if (c.encryptionContextSubset() != null || c.encryptionContextEquals() != null) {
                grant.put("Constraints", JsonOut.object().putStrings("EncryptionContextSubset",
                        c.encryptionContextSubset()).putStrings("EncryptionContextEquals", c.encryptionContextEquals()));
            }
            return grant;
        });
    }

    // ---- cryptography

    private JsonOut encrypt(ApiCall call) {
        algorithm(call, "EncryptionAlgorithm");
        byte[] plaintext = blob(call, "Plaintext", MAX_PLAINTEXT);
        Map<String, String> context = context(call, "EncryptionContext");
        OnKey on = onKey(call, "KeyId", "Encrypt", context);
        return JsonOut.object().put("CiphertextBlob", BASE64_OUT.encodeToString(on.keys().encrypt(on.key(), plaintext,
                context))).put("KeyId", on.arn()).put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private JsonOut decrypt(ApiCall call) {
        algorithm(call, "EncryptionAlgorithm");
        if (call.body().object("Recipient") != null) {
            throw unsupported("Recipient: Hokan has no attested enclaves");
        }
        byte[] ciphertext = blob(call, "CiphertextBlob", 6144);
        Map<String, String> context = context(call, "EncryptionContext");
        String keyId = call.body().string("KeyId");
        OnKey on = on(call, keyId != null ? KeyReference.parse(keyId) : KeyService.sealedBy(ciphertext), "Decrypt",
                context);
        KeyService.Opened opened = on.keys().decrypt(ciphertext, on.key(), context);
        return JsonOut.object().put("KeyId", opened.keyArn())
                .put("Plaintext", BASE64_OUT.encodeToString(opened.plaintext()))
                .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private JsonOut generateDataKey(ApiCall call) {
        if (call.body().object("Recipient") != null) {
            throw unsupported("Recipient: Hokan has no attested enclaves");
        }
        String spec = call.body().string("KeySpec");
        Long bytes = call.body().longValue("NumberOfBytes");
        if ((spec == null) == (bytes == null)) {
            throw new KmsException(KmsError.VALIDATION, "Specify either KeySpec or NumberOfBytes, not both");
        }
        int length;
        if (spec != null) {
            length = switch (spec) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw new KmsException(KmsError.VALIDATION, "1 validation error detected: Value '" + spec
                        + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set:"
                        + " [AES_256, AES_128]");
            };
        } else {
            if (bytes < 1 || bytes > MAX_DATA_KEY) {
                throw KmsValidation.range("numberOfBytes", bytes, 1, MAX_DATA_KEY);
            }
            length = bytes.intValue();
        }
        Map<String, String> context = context(call, "EncryptionContext");
        OnKey on = onKey(call, "KeyId", "GenerateDataKey", context);
        KeyService.DataKey dataKey = on.keys().generateDataKey(on.key(), length, context);
        return JsonOut.object().put("CiphertextBlob", BASE64_OUT.encodeToString(dataKey.ciphertextBlob()))
                .put("Plaintext", BASE64_OUT.encodeToString(dataKey.plaintext())).put("KeyId", dataKey.keyArn());
    }

    /** Opens with the source key (kms:ReEncryptFrom) and seals with the destination key (kms:ReEncryptTo). */
    private JsonOut reEncrypt(ApiCall call) {
        algorithm(call, "SourceEncryptionAlgorithm");
        algorithm(call, "DestinationEncryptionAlgorithm");
        byte[] ciphertext = blob(call, "CiphertextBlob", 6144);
        Map<String, String> sourceContext = context(call, "SourceEncryptionContext");
        Map<String, String> destinationContext = context(call, "DestinationEncryptionContext");
        String sourceKeyId = call.body().string("SourceKeyId");
        OnKey source = on(call, sourceKeyId != null ? KeyReference.parse(sourceKeyId)
                : KeyService.sealedBy(ciphertext), "ReEncryptFrom", sourceContext);
        OnKey destination = on(call, KeyReference.parse(required(call, "DestinationKeyId")), "ReEncryptTo",
                destinationContext);
        KeyService.Opened opened = source.keys().decrypt(ciphertext, source.key(), sourceContext);
        byte[] sealed = destination.keys().encrypt(destination.key(), opened.plaintext(), destinationContext);
        return JsonOut.object().put("CiphertextBlob", BASE64_OUT.encodeToString(sealed))
                .put("SourceKeyId", opened.keyArn()).put("KeyId", destination.arn())
                .put("SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT)
                .put("DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private static void algorithm(ApiCall call, String member) {
        String algorithm = call.body().string(member);
        if (algorithm != null && !algorithm.equals(SYMMETRIC_DEFAULT)) {
            throw new KmsException(KmsError.VALIDATION, member + " " + algorithm + " is not valid for a symmetric"
                    + " encryption key: use SYMMETRIC_DEFAULT");
        }
    }

    private static byte[] blob(ApiCall call, String member, int maxBytes) {
        byte[] bytes;
        try {
            bytes = BASE64_IN.decode(required(call, member));
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsError.VALIDATION, member + " is not valid base64");
        }
        if (bytes.length < 1 || bytes.length > maxBytes) {
            throw new KmsException(KmsError.VALIDATION, "1 validation error detected: Value at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1) + "' failed to satisfy"
                    + " constraint: Member must have length between 1 and " + maxBytes);
        }
        return bytes;
    }

    private static Map<String, String> context(ApiCall call, String member) {
        Map<String, String> context = call.body().stringMap(member);
        return context == null ? Map.of() : context;
    }

    private static Integer integer(ApiCall call, String member) {
        Long value = call.body().longValue(member);
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static String required(ApiCall call, String member) {
        String value = call.body().string(member);
        if (value == null || value.isEmpty()) {
            throw new KmsException(KmsError.VALIDATION, "1 validation error detected: Value null at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1) + "' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        return value;
    }

    /** KMS's wording of the validation errors several actions share. */
    private static final class KmsValidation {
        private KmsValidation() {
        }

        static KmsException range(String member, long value, int min, int max) {
            return new KmsException(KmsError.VALIDATION, "1 validation error detected: Value '" + value + "' at '"
                    + member + "' failed to satisfy constraint: Member must have value between " + min + " and "
                    + max);
        }

        static KmsException otherAccount(String member) {
            return new KmsException(KmsError.VALIDATION, member + " must name a key of the caller's account and"
                    + " region");
        }
    }
}
