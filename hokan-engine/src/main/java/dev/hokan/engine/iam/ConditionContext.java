package dev.hokan.engine.iam;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The request's condition keys and their values. Keys compare case-insensitively, as IAM condition keys do; a key
 * may carry several values (aws:PrincipalOrgPaths, backup:CopyTargets). A key without values counts as absent.
 * The resource's tags ({@code aws:ResourceTag/KEY}) are looked up only when a condition asks for one, since most
 * calls meet no policy that does.
 */
public final class ConditionContext {
    private static final String RESOURCE_TAG = "aws:ResourceTag/";
    private static final ConditionContext EMPTY = new ConditionContext(
            Collections.unmodifiableMap(new TreeMap<>(String.CASE_INSENSITIVE_ORDER)), ResourceTags.NONE);

    private final Map<String, List<String>> values;
    private final ResourceTags resourceTags;

    /** @param values a case-insensitive map nobody changes any more */
    private ConditionContext(Map<String, List<String>> values, ResourceTags resourceTags) {
        this.values = values;
        this.resourceTags = resourceTags;
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
        return new ConditionContext(Collections.unmodifiableMap(copy), resourceTags);
    }

    /**
     * This context with a resource's tags as {@code aws:ResourceTag/KEY}, read from {@code tags} at most once, when
     * a condition first asks for one.
     */
    public ConditionContext withResourceTags(Supplier<Map<String, String>> tags) {
        return new ConditionContext(values, new ResourceTags(tags));
    }

    /** The values of {@code key}, empty when the request does not have it. */
    public List<String> values(String key) {
        List<String> set = values.get(key);
        if (set != null) {
            return set;
        }
        if (key.regionMatches(true, 0, RESOURCE_TAG, 0, RESOURCE_TAG.length())) {
            String value = resourceTags.get().get(key.substring(RESOURCE_TAG.length()));
            return value == null ? List.of() : List.of(value);
        }
        return List.of();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** The tags of the resource a request acts on, read on first use; tag keys compare as condition keys do. */
    private static final class ResourceTags {
        static final ResourceTags NONE = new ResourceTags(Map::of);

        private final Supplier<Map<String, String>> source;
        private volatile Map<String, String> tags;

        ResourceTags(Supplier<Map<String, String>> source) {
            this.source = source;
        }

        Map<String, String> get() {
            if (tags == null) {
                TreeMap<String, String> read = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                read.putAll(source.get());
                tags = read;
            }
            return tags;
        }
    }
}
