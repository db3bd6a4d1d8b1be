package dev.hokan.engine.plan;

import dev.hokan.catalog.cell.plan.ConditionParameter;
import dev.hokan.catalog.cell.plan.SelectionConditions;
import dev.hokan.catalog.cell.plan.SelectionDocument;
import dev.hokan.catalog.cell.plan.TagCondition;
import dev.hokan.engine.Wildcards;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Which resources a backup selection assigns to its plan, as AWS decides it: a resource is a candidate when its
 * ARN matches a {@code Resources} pattern or its tags match any {@code ListOfTags} entry (when both lists are empty,
 * every resource is); candidates matching a {@code NotResources} pattern drop out, and the rest must satisfy every
 * {@code Conditions} entry. A resource of a type that is not opted in is taken only when a {@code Resources} pattern
 * other than {@code "*"} names it.
 */
public final class SelectionMatcher {
    private static final String RESOURCE_TAG = "aws:ResourceTag/";

    private SelectionMatcher() {
    }

    public static boolean selects(SelectionDocument s, String arn, Map<String, String> tags, boolean optedIn) {
        List<String> resources = orEmpty(s.resources());
        List<TagCondition> listOfTags = orEmpty(s.listOfTags());
        boolean named = resources.stream().anyMatch(p -> !p.equals("*") && Wildcards.matchesArn(p, arn));
        boolean broad = resources.contains("*") || (resources.isEmpty() && listOfTags.isEmpty())
                || listOfTags.stream().anyMatch(t -> t.conditionValue().equals(tags.get(tagKey(t.conditionKey()))));
        if (!named && !(broad && optedIn)) {
            return false;
        }
        if (orEmpty(s.notResources()).stream().anyMatch(p -> Wildcards.matchesArn(p, arn))) {
            return false;
        }
        SelectionConditions c = s.conditions();
        return c == null || (all(c.stringEquals(), tags, false, String::equals)
                && all(c.stringNotEquals(), tags, true, (value, tag) -> !value.equals(tag))
                && all(c.stringLike(), tags, false, Wildcards::matches)
                && all(c.stringNotLike(), tags, true, (value, tag) -> !Wildcards.matches(value, tag)));
    }

    /**
     * Every condition holds; {@code whenMissing} is the outcome for a resource without the tag, which fails the
     * positive operators and passes the negated ones, as IAM condition operators do.
     */
    private static boolean all(List<ConditionParameter> conditions, Map<String, String> tags, boolean whenMissing,
                               BiPredicate<String, String> holds) {
        return orEmpty(conditions).stream().allMatch(p -> {
            String tag = tags.get(tagKey(p.conditionKey()));
            return tag == null ? whenMissing : holds.test(p.conditionValue(), tag);
        });
    }

    /** Conditions name tags as {@code aws:ResourceTag/KEY}; ListOfTags usually by the bare key. */
    private static String tagKey(String conditionKey) {
        return conditionKey.startsWith(RESOURCE_TAG) ? conditionKey.substring(RESOURCE_TAG.length()) : conditionKey;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
