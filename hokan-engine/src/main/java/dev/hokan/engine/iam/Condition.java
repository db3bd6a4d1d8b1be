package dev.hokan.engine.iam;

import java.util.List;

/**
 * One key of one operator block of a statement's Condition, e.g. {@code "ForAnyValue:StringLike":
 * {"aws:PrincipalOrgPaths": [...]}}; the values are OR-ed, all conditions of a statement AND-ed.
 */
public record Condition(SetQualifier qualifier, ConditionOperator operator, boolean ifExists, String key,
                        List<String> values) {

    public Condition {
        values = List.copyOf(values);
    }

    boolean test(ConditionContext context) {
        return operator.test(qualifier, ifExists, values, context.values(key));
    }
}
