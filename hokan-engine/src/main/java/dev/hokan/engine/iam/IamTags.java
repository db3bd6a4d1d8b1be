package dev.hokan.engine.iam;

import dev.hokan.engine.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tags of an IAM user or role, by IAM's rules: at most 50, a key of 1 to 128 and a value of up to 256 letters,
 * digits, spaces and {@code _.:/=+-@}, no key starting with {@code aws:}. Keys compare case-insensitively and values
 * do not: a key given again in another case replaces the tag, with the new spelling.
 */
final class IamTags {
    private static final int MAX_TAGS = 50;
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final String RESERVED_PREFIX = "aws:";

    private IamTags() {
    }

    /** {@code current} with {@code added} set over it, after checking both. */
    static Map<String, String> merged(Map<String, String> current, Map<String, String> added) {
        if (added == null) {
            throw ServiceException.missingParameter("Tags");
        }
        requireAtMostMax("Tags", added.size());
        Map<String, String> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        added.forEach((key, value) -> {
            requireKey(key);
            if (value == null || !VALUE.matcher(value).matches()) {
                throw ServiceException.invalidParameter("The value of tag '" + key + "' must be at most 256 letters,"
                        + " digits, spaces and _.:/=+-@ characters");
            }
            if (given.put(key, value) != null) {
                throw ServiceException.invalidParameter("Duplicate tag keys found: '" + key + "' is given twice"
                        + " (tag keys of users and roles are case insensitive)");
            }
        });
        Map<String, String> result = new TreeMap<>();
        current.forEach((key, value) -> {
            if (!given.containsKey(key)) {
                result.put(key, value);
            }
        });
        result.putAll(added);
        if (result.size() > MAX_TAGS) {
            throw ServiceException.limitExceeded("A user or role has at most " + MAX_TAGS + " tags; adding these"
                    + " would make " + result.size());
        }
        return result;
    }

    /** {@code current} without the tags {@code keys} name, in any case. */
    static Map<String, String> without(Map<String, String> current, List<String> keys) {
        if (keys == null) {
            throw ServiceException.missingParameter("TagKeys");
        }
        requireAtMostMax("TagKeys", keys.size());
        keys.forEach(IamTags::requireKey);
        Set<String> removed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        removed.addAll(keys);
        Map<String, String> result = new TreeMap<>();
        current.forEach((key, value) -> {
            if (!removed.contains(key)) {
                result.put(key, value);
            }
        });
        return result;
    }

    private static void requireAtMostMax(String member, int size) {
        if (size > MAX_TAGS) {
            throw ServiceException.invalidParameter(member + " has " + size + " entries; at most " + MAX_TAGS
                    + " are allowed");
        }
    }

    private static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ServiceException.invalidParameter("Tag key '" + key + "' must be 1 to 128 letters, digits, spaces"
                    + " and _.:/=+-@ characters");
        }
        if (key.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
            throw ServiceException.invalidParameter("Tag key '" + key + "' uses the reserved prefix aws:");
        }
    }
}
