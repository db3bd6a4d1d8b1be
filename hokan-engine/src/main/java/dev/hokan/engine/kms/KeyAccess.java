package dev.hokan.engine.kms;

import dev.hokan.catalog.cell.kms.KmsKey;
import dev.hokan.engine.iam.AccessControl;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.Decision;
import dev.hokan.engine.iam.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a principal may use a key for a KMS operation: a grant to the principal (or to its account's root) for the
 * operation, whose constraints the encryption context meets, allows it whatever the policies say; otherwise
 * {@code kms:OPERATION} on the key's ARN through the policy engine, with the key policy as the resource policy, so
 * another account's principal needs both the key policy and its own identity-based policy, as on KMS. A key policy
 * naming the key's own account (as KMS's default does) lets that account's identity-based policies decide: it
 * allows none of its users or roles by itself.
 */
public final class KeyAccess {
    private final AccessControl control;

    public KeyAccess(AccessControl control) {
        this.control = control;
    }

    /**
     * @param keys     the key service of the key's cell
     * @param context  the request's condition keys; KMS's ({@code kms:CallerAccount}, {@code kms:EncryptionContext:*})
     *                 are added here
     */
    public Decision decide(KeyService keys, KmsKey key, String principalArn, String principalAccount, String operation,
                           Map<String, String> encryptionContext, ConditionContext context) {
        if (keys.grantAllows(key, principalArn, principalAccount, operation, encryptionContext)) {
            return new Decision(Decision.Outcome.ALLOW, "a grant on " + keys.keyArn(key) + " allows " + operation);
        }
        Policy keyPolicy = keys.policy(key);
        String keyAccount = keys.account().accountId();
        return control.decide(principalArn, "kms:" + operation, keys.keyArn(key), keyAccount,
                Optional.of(principalAccount.equals(keyAccount) ? keyPolicy.delegatingAccounts() : keyPolicy),
                context.with(conditionKeys(principalAccount, encryptionContext)));
    }

    private static Map<String, List<String>> conditionKeys(String principalAccount,
                                                           Map<String, String> encryptionContext) {
        Map<String, List<String>> keys = new HashMap<>();
        keys.put("kms:CallerAccount", List.of(principalAccount));
        encryptionContext.forEach((k, v) -> keys.put("kms:EncryptionContext:" + k, List.of(v)));
        if (!encryptionContext.isEmpty()) {
            keys.put("kms:EncryptionContextKeys", List.copyOf(encryptionContext.keySet()));
        }
        return keys;
    }
}
