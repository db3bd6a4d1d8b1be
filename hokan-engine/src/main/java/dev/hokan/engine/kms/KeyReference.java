package dev.hokan.engine.kms;

import dev.hokan.engine.Account;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a request names a key, in any of KMS's four forms: a key ID, a key ARN, an alias name ({@code alias/NAME}) or
 * an alias ARN. An ARN names the account and region whose cell holds the key; the other forms the caller's.
 */
public record KeyReference(Optional<String> account, Optional<String> region, String keyId, String aliasName) {
    public static final String ALIAS_PREFIX = "alias/";
    /** The prefix of the aliases of AWS managed keys, which no account may create. */
    public static final String RESERVED_ALIAS_PREFIX = "alias/aws/";
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ALIAS = Pattern.compile("alias/[a-zA-Z0-9:/_-]{1,250}");
    private static final Pattern ARN = Pattern.compile("arn:aws:kms:([a-z0-9-]+):(\\d{12}):(key/(.+)|(alias/.+))");

    public static KeyReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw KmsException.validation("1 validation error detected: Value null at 'keyId' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        Matcher arn = ARN.matcher(text);
        if (arn.matches()) {
            String keyId = arn.group(4);
            String alias = arn.group(5);
            if (keyId != null && !KEY_ID.matcher(keyId).matches() || alias != null && !ALIAS.matcher(alias).matches()) {
                throw KmsException.notFound("Invalid keyId '" + text + "'");
            }
            return new KeyReference(Optional.of(arn.group(2)), Optional.of(arn.group(1)), keyId, alias);
        }
        if (text.startsWith("arn:")) {
            throw new KmsException(KmsError.INVALID_ARN, "Invalid arn " + text);
        }
        if (KEY_ID.matcher(text).matches()) {
            return new KeyReference(Optional.empty(), Optional.empty(), text, null);
        }
        if (ALIAS.matcher(text).matches()) {
            return new KeyReference(Optional.empty(), Optional.empty(), null, text);
        }
        throw KmsException.notFound("Invalid keyId '" + text + "'");
    }

    /** Checks an alias name an account may create or delete. */
    public static String requireAliasName(String name) {
        if (name == null || !ALIAS.matcher(name).matches()) {
            throw new KmsException(KmsError.VALIDATION, "1 validation error detected: Value '" + name + "' at"
                    + " 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " ^alias/[a-zA-Z0-9/_-]+$");
        }
        if (name.startsWith(RESERVED_ALIAS_PREFIX)) {
            throw new KmsException(KmsError.INVALID_ALIAS_NAME, "Alias must not begin with 'alias/aws/': those"
                    + " name AWS managed keys");
        }
        return name;
    }

    /** The account whose cell holds the key: the ARN's, or the caller's. */
    public String accountOr(String callerAccount) {
        return account.orElse(callerAccount);
    }

    public String regionOr(String requestRegion) {
        return region.orElse(requestRegion);
    }

    public boolean isAlias() {
        return aliasName != null;
    }

    /** Whether {@code arn} is the ARN of a KMS key (not of an alias, nor the master key's). */
    public static boolean isKeyArn(String arn) {
        if (arn == null) {
            return false;
        }
        Matcher matcher = ARN.matcher(arn);
        return matcher.matches() && matcher.group(4) != null;
    }

    public static String keyArn(Account account, String keyId) {
        return prefix(account) + "key/" + keyId;
    }

    public static String aliasArn(Account account, String aliasName) {
        return prefix(account) + aliasName;
    }

    private static String prefix(Account account) {
        return "arn:aws:kms:" + account.region() + ":" + account.accountId() + ":";
    }
}
