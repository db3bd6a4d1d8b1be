package dev.hokan.engine;

import java.util.Map;
import java.util.regex.Pattern;

/** The name and identifier rules of the API, checked before anything is stored. */
public final class Names {
    private static final Pattern VAULT = Pattern.compile("[a-zA-Z0-9\\-_]{2,50}");
    private static final Pattern PLAN = Pattern.compile("[a-zA-Z0-9\\-_.]{1,200}");
    private static final Pattern RULE_OR_SELECTION = Pattern.compile("[a-zA-Z0-9\\-_.]{1,50}");
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    private static final Pattern IDEMPOTENCY_TOKEN = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern IAM_ROLE = Pattern.compile("arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final int MAX_TAGS = 50;
    /** AWS takes letters, digits, spaces and {@code _.:/=+-@} in tags; control characters never. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private Names() {
    }

    public static String vault(String name) {
        if (name == null || !VAULT.matcher(name).matches()) {
            throw ServiceException.invalidParameter("Backup vault name " + name
                    + " is not valid: use 2 to 50 letters, digits, hyphens and underscores");
        }
        return name;
    }

    public static String plan(String name) {
        if (name == null || !PLAN.matcher(name).matches()) {
            throw ServiceException.invalidParameter("Backup plan name " + name
                    + " is not valid: use 1 to 200 letters, digits, hyphens, underscores and periods");
        }
        return name;
    }

    public static boolean isRuleOrSelectionName(String name) {
        return name != null && RULE_OR_SELECTION.matcher(name).matches();
    }

    public static String selection(String name) {
        if (!isRuleOrSelectionName(name)) {
            throw ServiceException.invalidParameter("Selection name " + name
                    + " is not valid: use 1 to 50 letters, digits, hyphens, underscores and periods");
        }
        return name;
    }

    public static String resource(String name) {
        if (name == null || !RESOURCE.matcher(name).matches()) {
            throw ServiceException.invalidParameter("ResourceName " + name + " is not valid: use 1 to 128 letters,"
                    + " digits, periods, underscores and hyphens, starting with a letter or digit");
        }
        return name;
    }

    /** A CreatorRequestId, or null when the caller sent none. */
    public static String creatorRequestId(String id) {
        if (id != null && !REQUEST_ID.matcher(id).matches()) {
            throw ServiceException.invalidParameter("CreatorRequestId " + id
                    + " is not valid: use 1 to 50 letters, digits, periods, underscores and hyphens");
        }
        return id;
    }

    /** An IdempotencyToken, or null when the caller sent none. */
    public static String idempotencyToken(String token) {
        if (token != null && !IDEMPOTENCY_TOKEN.matcher(token).matches()) {
            throw ServiceException.invalidParameter("IdempotencyToken must be 1 to 128 printable ASCII characters");
        }
        return token;
    }

    public static String iamRole(String member, String arn) {
        if (arn == null || !IAM_ROLE.matcher(arn).matches()) {
            throw ServiceException.invalidParameter(member + " " + arn
                    + " is not a valid IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        }
        return arn;
    }

    public static Map<String, String> tags(String member, Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ServiceException.invalidParameter(member + " has " + tags.size() + " tags; at most " + MAX_TAGS
                    + " are allowed");
        }
        tags.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 128) {
                throw ServiceException.invalidParameter("Tag key '" + k + "' in " + member
                        + " must be 1 to 128 characters long");
            }
            if (k.startsWith("aws:")) {
                throw ServiceException.invalidParameter("Tag key '" + k + "' in " + member
                        + " uses the reserved prefix aws:");
            }
            if (v == null || v.length() > 256) {
                throw ServiceException.invalidParameter("Tag value of '" + k + "' in " + member
                        + " must be a string of at most 256 characters");
            }
            refuseControlCharacters("Tag key '" + k + "'", k, member);
            refuseControlCharacters("Tag value of '" + k + "'", v, member);
        });
        return tags;
    }

    private static void refuseControlCharacters(String what, String text, String member) {
        var control = CONTROL.matcher(text);
        if (control.find()) {
            throw ServiceException.invalidParameter(escaped(what) + " in " + member + " contains the control"
                    + " character " + escaped(control.group()) + "; tags may hold letters, digits, spaces and"
                    + " _ . : / = + - @, never control characters");
        }
    }

    /** Control characters written as a Java escape (backslash, u, four hex digits), so that a message shows them. */
    private static String escaped(String text) {
        return CONTROL.matcher(text).replaceAll(c -> "\\\\u" + String.format("%04X", (int) c.group().charAt(0)));
    }
}
