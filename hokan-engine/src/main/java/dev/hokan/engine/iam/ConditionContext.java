package dev.hokan.engine.iam;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The request's condition keys and their values. Keys compare case-insensitively, as IAM condition keys do; a key
 * may carry several values (aws:PrincipalOrgPaths, backup:CopyTargets). A key without values counts as absent.
 */
public final class ConditionContext {
    private static final ConditionContext EMPTY = new ConditionContext(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final Map<String, List<String>> values;

    private ConditionContext(TreeMap<String, List<String>> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static ConditionContext empty() {
        return EMPTY;
    }

    /** This context with {@code key} set to {@code values}, replacing what it had. */
    public ConditionContext with(String key, String... values) {
        return with(key, List.of(values));
    }

    public ConditionContext with(String key, List<String> values) {
        return with(Map.of(key, values));
    }

    /** This context with each key of {@code entries} set to its values, replacing what it had. */
    public ConditionContext with(Map<String, List<String>> entries) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(this.values);
        entries.forEach((key, values) -> {
            Objects.requireNonNull(key, "key");
            copy.remove(key);
            copy.put(key, List.copyOf(values));
        });
        return new ConditionContext(copy);
    }

    /** This context with a resource's tags as {@code aws:ResourceTag/KEY}. */
    public ConditionContext withResourceTags(Map<String, String> tags) {
        Map<String, List<String>> entries = new HashMap<>();
        tags.forEach((key, value) -> entries.put("aws:ResourceTag/" + key, List.of(value)));
        return with(entries);
    }

    /** The values of {@code key}, empty when the request does not have it. */
    public List<String> values(String key) {
        return values.getOrDefault(key, List.of());
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
