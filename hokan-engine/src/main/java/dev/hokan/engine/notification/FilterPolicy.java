package dev.hokan.engine.notification;

import dev.hokan.engine.ServiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subscription's filter policy, as SNS documents it: every key of the policy must match (a {@code $or} key
 * takes any of its policies), and a key matches when any of its conditions does. Conditions are exact strings and
 * numbers, {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but} (values or a prefix),
 * {@code numeric} comparisons and ranges, and {@code exists}. With the {@code MessageAttributes} scope the keys are
 * attribute names (a {@code String.Array} attribute matches when one of its values does); with
 * {@code MessageBody} the policy follows the nesting of the message, which must be a JSON object.
 */
public final class FilterPolicy {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> NUMERIC_OPERATORS = Set.of("=", "<", "<=", ">", ">=");

    /** Where the policy looks: the message attributes or the message's JSON body. */
    public enum Scope {
        MESSAGE_ATTRIBUTES("MessageAttributes"),
        MESSAGE_BODY("MessageBody");

        private final String wireName;

        Scope(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Scope of(String wireName) {
            for (Scope s : values()) {
                if (s.wireName.equals(wireName)) {
                    return s;
                }
            }
            throw ServiceException.invalidParameter("Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid"
                    + " value [" + wireName + "]. Please use either MessageBody or MessageAttributes");
        }
    }

    private final JsonNode policy;
    private final Scope scope;

    private FilterPolicy(JsonNode policy, Scope scope) {
        this.policy = policy;
        this.scope = scope;
    }

    /** The policy in {@code json}, or InvalidParameter saying what is wrong with it. */
    public static FilterPolicy parse(String json, Scope scope) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid("failed to parse JSON. " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("Filter policy must be a JSON object");
        }
        checkObject(root, scope, "");
        return new FilterPolicy(root, scope);
    }

    private static void checkObject(JsonNode node, Scope scope, String path) {
        if (node.isEmpty()) {
            throw invalid("Filter policy can not be empty" + (path.isEmpty() ? "" : " at " + path));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw invalid("$or must be an array of at least two policies");
                }
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw invalid("each policy of $or must be a JSON object");
                    }
                    checkObject(alternative, scope, path);
                }
            } else if (value.isObject() && scope == Scope.MESSAGE_BODY) {
                checkObject(value, scope, path + key + ".");
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw invalid("Empty arrays are not allowed (" + path + key + ")");
                }
                value.forEach(condition -> checkCondition(condition, path + key));
            } else {
                throw invalid("\"" + path + key + "\" must be an object or an array");
            }
        }
    }

    private static void checkCondition(JsonNode c, String key) {
        if (c.isString() || c.isNumber() || c.isNull() || c.isBoolean()) {
            return;
        }
        if (!c.isObject() || c.size() != 1) {
            throw invalid("Match value must be String, number, true, false, or null (" + key + ")");
        }
        Map.Entry<String, JsonNode> op = c.properties().iterator().next();
        JsonNode v = op.getValue();
        switch (op.getKey()) {
            case "prefix", "suffix", "equals-ignore-case" -> {
                if (!v.isString() || v.asString().isEmpty()) {
                    throw invalid(op.getKey() + " match pattern must be a non-empty string (" + key + ")");
                }
            }
            case "exists" -> {
                if (!v.isBoolean()) {
                    throw invalid("exists match pattern must be either true or false (" + key + ")");
                }
            }
            case "anything-but" -> {
                boolean values = v.isString() || v.isNumber()
                        || (v.isArray() && !v.isEmpty() && allScalars(v));
                boolean prefix = v.isObject() && v.size() == 1 && v.has("prefix") && v.get("prefix").isString();
                if (!values && !prefix) {
                    throw invalid("anything-but takes a value, a list of values or {\"prefix\": ...} (" + key + ")");
                }
            }
            case "numeric" -> checkNumeric(v, key);
            default -> throw invalid("Unrecognized match type " + op.getKey() + " (" + key + ")");
        }
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isString() && !n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static void checkNumeric(JsonNode v, String key) {
        if (!v.isArray() || (v.size() != 2 && v.size() != 4)) {
            throw invalid("numeric takes an operator and a number, or two of each for a range (" + key + ")");
        }
        for (int i = 0; i < v.size(); i += 2) {
            if (!v.get(i).isString() || !NUMERIC_OPERATORS.contains(v.get(i).asString()) || !v.get(i + 1).isNumber()) {
                throw invalid("Unrecognized numeric range operator or value (" + key + ")");
            }
        }
        if (v.size() == 4 && (!v.get(0).asString().startsWith(">") || !v.get(2).asString().startsWith("<"))) {
            throw invalid("a numeric range is a lower bound (> or >=) then an upper bound (< or <=) (" + key + ")");
        }
    }

    private static ServiceException invalid(String reason) {
        return ServiceException.invalidParameter("Invalid parameter: FilterPolicy: " + reason);
    }

    public Scope scope() {
        return scope;
    }

    /** Whether a message with these attributes and this body passes the policy. */
    public boolean matches(Map<String, MessageAttribute> attributes, String body) {
        if (scope == Scope.MESSAGE_ATTRIBUTES) {
            return matchesObject(policy, name -> attributeValues(attributes.get(name)));
        }
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (JacksonException e) {
            return false;
        }
        return message != null && message.isObject() && matchesBody(policy, message);
    }

    /** What a policy key is compared with: nothing when absent, else the values (several for arrays). */
    private interface Values {
        List<JsonNode> of(String key);
    }

    private static boolean matchesObject(JsonNode policy, Values values) {
        for (Map.Entry<String, JsonNode> e : policy.properties()) {
            boolean matched = e.getKey().equals("$or")
                    ? anyOf(e.getValue(), alternative -> matchesObject(alternative, values))
                    : matchesKey(e.getValue(), values.of(e.getKey()));
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesBody(JsonNode policy, JsonNode message) {
        for (Map.Entry<String, JsonNode> e : policy.properties()) {
            JsonNode field = message.get(e.getKey());
            boolean matched;
            if (e.getKey().equals("$or")) {
                matched = anyOf(e.getValue(), alternative -> matchesBody(alternative, message));
            } else if (e.getValue().isObject()) {
                matched = field != null && field.isObject() && matchesBody(e.getValue(), field);
            } else {
                matched = matchesKey(e.getValue(), bodyValues(field));
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyOf(JsonNode alternatives, Predicate<JsonNode> matches) {
        for (JsonNode alternative : alternatives) {
            if (matches.test(alternative)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> bodyValues(JsonNode field) {
        if (field == null) {
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        if (field.isArray()) {
            field.forEach(values::add);
        } else {
            values.add(field);
        }
        return values;
    }

    private static List<JsonNode> attributeValues(MessageAttribute a) {
        if (a == null) {
            return null;
        }
        return switch (a.baseType()) {
            case "Number" -> List.of(JSON.getNodeFactory().numberNode(new BigDecimal(a.value())));
            case "String.Array" -> {
                try {
                    JsonNode array = JSON.readTree(a.value());
                    yield array != null && array.isArray() ? bodyValues(array) : List.of();
                } catch (JacksonException e) {
                    yield List.of();
                }
            }
            case "String" -> List.of(JSON.getNodeFactory().stringNode(a.value()));
            default -> List.of();
        };
    }

    /** Whether any condition matches; {@code values} null means the key is absent. */
    private static boolean matchesKey(JsonNode conditions, List<JsonNode> values) {
        for (JsonNode condition : conditions) {
            if (condition.isObject() && condition.has("exists")) {
                if (condition.get("exists").asBoolean() == (values != null)) {
                    return true;
                }
                continue;
            }
            if (values == null) {
                continue;
            }
            for (JsonNode value : values) {
                if (matchesCondition(condition, value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesCondition(JsonNode c, JsonNode value) {
        if (c.isNumber()) {
            return value.isNumber() && c.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (!c.isObject()) {
            return c.equals(value);
        }
        Map.Entry<String, JsonNode> op = c.properties().iterator().next();
        JsonNode v = op.getValue();
        return switch (op.getKey()) {
            case "prefix" -> value.isString() && value.asString().startsWith(v.asString());
            case "suffix" -> value.isString() && value.asString().endsWith(v.asString());
            case "equals-ignore-case" -> value.isString() && value.asString().equalsIgnoreCase(v.asString());
            case "anything-but" -> anythingBut(v, value);
            case "numeric" -> value.isNumber() && numeric(v, value.decimalValue());
            default -> false;
        };
    }

    private static boolean anythingBut(JsonNode excluded, JsonNode value) {
        if (excluded.isObject()) {
            return value.isString() && !value.asString().startsWith(excluded.get("prefix").asString());
        }
        Iterator<JsonNode> each = excluded.isArray() ? excluded.iterator() : List.of(excluded).iterator();
        while (each.hasNext()) {
            if (matchesCondition(each.next(), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean numeric(JsonNode comparisons, BigDecimal value) {
        for (int i = 0; i < comparisons.size(); i += 2) {
            int cmp = value.compareTo(comparisons.get(i + 1).decimalValue());
            boolean holds = switch (comparisons.get(i).asString()) {
                case "=" -> cmp == 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
