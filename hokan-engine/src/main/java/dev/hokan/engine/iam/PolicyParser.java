package dev.hokan.engine.iam;

import dev.hokan.engine.JsonSyntax;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The IAM policy grammar: reads a document and names the first place that breaks it. */
final class PolicyParser {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> POLICY_MEMBERS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_MEMBERS = Set.of("Sid", "Effect", "Principal", "NotPrincipal",
            "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated");
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root");
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:[a-z-]+:(iam::\\d{12}:(user|role)|sts::\\d{12}:assumed-role)/[^*?]+");
    private static final String IF_EXISTS = "IfExists";

    private PolicyParser() {
    }

    static PolicyDocument parse(String json) {
        JsonNode root = read(json);
        if (!root.isObject()) {
            throw malformed("Policy must be a JSON object");
        }
        checkMembers(root, "Policy", POLICY_MEMBERS);
        Optional<String> version = optionalString(root, "Version", "Version");
        if (version.isPresent() && !VERSIONS.contains(version.get())) {
            throw malformed("Version must be \"2012-10-17\" or \"2008-10-17\"");
        }
        Optional<String> id = optionalString(root, "Id", "Id");
        JsonNode statement = root.get("Statement");
        if (statement == null) {
            throw malformed("Policy must have a Statement");
        }
        List<Statement> statements = new ArrayList<>();
        if (statement.isObject()) {
            statements.add(statement(statement, "Statement"));
        } else if (statement.isArray() && !statement.isEmpty()) {
            for (int i = 0; i < statement.size(); i++) {
                statements.add(statement(statement.get(i), "Statement[" + i + "]"));
            }
        } else {
            throw malformed("Statement must be an object or a non-empty array of objects");
        }
        return new PolicyDocument(json, version, id, statements);
    }

    private static JsonNode read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw malformed("Policy is not valid JSON: " + JsonSyntax.problem(bytes, e));
        }
    }

    private static Statement statement(JsonNode node, String path) {
        if (!node.isObject()) {
            throw malformed(path + " must be an object");
        }
        checkMembers(node, path, STATEMENT_MEMBERS);
        Optional<String> sid = optionalString(node, "Sid", path + ".Sid");
        Effect effect = effect(node.get("Effect"), path + ".Effect");
        Optional<Principals> principals = oneOf(node, path, "Principal", "NotPrincipal")
                .map(member -> principals(node.get(member), member.startsWith("Not"), path + "." + member));
        Actions actions = actions(node, path);
        Resources resources = resources(node, path);
        JsonNode condition = node.get("Condition");
        List<Condition> conditions = condition == null ? List.of() : conditions(condition, path + ".Condition");
        return new Statement(path, sid, effect, principals, actions, resources, conditions);
    }

    private static Effect effect(JsonNode node, String path) {
        if (node != null && node.isString()) {
            for (Effect effect : Effect.values()) {
                if (effect.text().equals(node.stringValue())) {
                    return effect;
                }
            }
        }
        throw malformed(path + " must be \"Allow\" or \"Deny\"");
    }

    private static Actions actions(JsonNode statement, String path) {
        String member = required(statement, path, "Action", "NotAction");
        List<String> actions = strings(statement.get(member), path + "." + member);
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw malformed(path + "." + member + " \"" + action
                        + "\" must be \"*\" or a service prefix and an action name, e.g. \"backup:StartCopyJob\"");
            }
        }
        return new Actions(member.startsWith("Not"), actions);
    }

    private static Resources resources(JsonNode statement, String path) {
        String member = required(statement, path, "Resource", "NotResource");
        List<String> resources = strings(statement.get(member), path + "." + member);
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw malformed(path + "." + member + " \"" + resource + "\" must be \"*\" or an ARN");
            }
        }
        return new Resources(member.startsWith("Not"), resources);
    }

    /** Which of two exclusive members the statement has, if any. */
    private static Optional<String> oneOf(JsonNode statement, String path, String member, String notMember) {
        if (statement.has(member) && statement.has(notMember)) {
            throw malformed(path + " cannot have both " + member + " and " + notMember);
        }
        return statement.has(member) ? Optional.of(member)
                : statement.has(notMember) ? Optional.of(notMember) : Optional.empty();
    }

    private static String required(JsonNode statement, String path, String member, String notMember) {
        return oneOf(statement, path, member, notMember)
                .orElseThrow(() -> malformed(path + " must have " + member + " or " + notMember));
    }

    private static Principals principals(JsonNode node, boolean negated, String path) {
        if (node.isString() && node.stringValue().equals("*")) {
            return new Principals(negated, true, Set.of(), Set.of());
        }
        if (!node.isObject() || node.isEmpty()) {
            throw malformed(path + " must be \"*\" or an object of AWS, Service or Federated principals");
        }
        checkMembers(node, path, PRINCIPAL_TYPES);
        boolean anyone = false;
        Set<String> accounts = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, JsonNode> type : node.properties()) {
            String typePath = path + "." + type.getKey();
            for (String principal : strings(type.getValue(), typePath)) {
                if (!type.getKey().equals("AWS")) {
                    names.add(principal);
                } else if (principal.equals("*")) {
                    anyone = true;
                } else if (ACCOUNT_ID.matcher(principal).matches()) {
                    accounts.add(principal);
                } else if (ROOT_ARN.matcher(principal) instanceof Matcher root && root.matches()) {
                    accounts.add(root.group(1));
                } else if (PRINCIPAL_ARN.matcher(principal).matches()) {
                    names.add(principal);
                } else {
                    throw malformed(typePath + " \"" + principal + "\" must be \"*\", an account ID or the ARN of"
                            + " an account root, IAM user or role, without wildcards");
                }
            }
        }
        return new Principals(negated, anyone, accounts, names);
    }

    private static List<Condition> conditions(JsonNode node, String path) {
        if (!node.isObject()) {
            throw malformed(path + " must be an object of condition operators");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> block : node.properties()) {
            String operatorPath = path + "." + block.getKey();
            SetQualifier qualifier = SetQualifier.of(block.getKey());
            String name = block.getKey().substring(qualifier.prefix().length());
            boolean ifExists = name.endsWith(IF_EXISTS);
            if (ifExists) {
                name = name.substring(0, name.length() - IF_EXISTS.length());
            }
            ConditionOperator operator = ConditionOperator.byText(name)
                    .orElseThrow(() -> malformed(operatorPath + " is not a supported condition operator"));
            if (!operator.qualifiable() && (ifExists || qualifier != SetQualifier.NONE)) {
                throw malformed(operatorPath + ": " + operator.text() + " takes no set qualifier and no IfExists");
            }
            if (!block.getValue().isObject()) {
                throw malformed(operatorPath + " must be an object of condition keys");
            }
            for (Map.Entry<String, JsonNode> key : block.getValue().properties()) {
                String keyPath = operatorPath + "." + key.getKey();
                if (key.getKey().isBlank()) {
                    throw malformed(operatorPath + " has an empty condition key");
                }
                List<String> values = conditionValues(key.getValue(), keyPath, operator.valueType());
                conditions.add(new Condition(qualifier, operator, ifExists, key.getKey(), values));
            }
        }
        return conditions;
    }

    private static List<String> conditionValues(JsonNode node, String path, ConditionOperator.ValueType type) {
        List<JsonNode> items = node.isArray() ? List.copyOf(node.values()) : List.of(node);
        if (items.isEmpty()) {
            throw malformed(path + " must have at least one value");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isString() && !item.isBoolean() && !item.isNumber()) {
                throw malformed(path + " values must be strings, booleans or numbers");
            }
            String value = item.asString();
            if (!type.accepts(value)) {
                throw malformed(path + " value \"" + value + "\" must be " + type.expected());
            }
            values.add(type == ConditionOperator.ValueType.BOOLEAN ? value.toLowerCase(Locale.ROOT) : value);
        }
        return values;
    }

    /** A string, or a non-empty array of strings. */
    private static List<String> strings(JsonNode node, String path) {
        if (node.isString()) {
            return List.of(node.stringValue());
        }
        if (node.isArray() && !node.isEmpty()) {
            List<String> values = new ArrayList<>();
            for (JsonNode item : node.values()) {
                if (!item.isString()) {
                    throw malformed(path + " must be a string or a non-empty array of strings");
                }
                values.add(item.stringValue());
            }
            return values;
        }
        throw malformed(path + " must be a string or a non-empty array of strings");
    }

    private static Optional<String> optionalString(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw malformed(path + " must be a string");
        }
        return Optional.of(value.stringValue());
    }

    private static void checkMembers(JsonNode node, String path, Set<String> allowed) {
        for (String member : node.propertyNames()) {
            if (!allowed.contains(member)) {
                throw malformed(path + " has unknown member \"" + member + "\"");
            }
        }
    }

    private static MalformedPolicyException malformed(String message) {
        return new MalformedPolicyException(message);
    }
}
