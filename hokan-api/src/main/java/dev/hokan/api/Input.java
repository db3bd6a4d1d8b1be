package dev.hokan.api;

import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.RegistrationBody;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Typed access to a JSON request object. Absent members and JSON null read as null; a member of the wrong JSON
 * type is refused with InvalidRequestException naming the member; unknown members are ignored, as AWS does.
 */
final class Input implements RegistrationBody {
    private final JsonNode node;
    private final String prefix;

    private Input(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static Input of(JsonNode root) {
        if (!root.isObject()) {
            throw ServiceException.invalidRequest("The request body must be a JSON object");
        }
        return new Input(root, "");
    }

    private JsonNode member(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private ServiceException wrongType(String name, String expected) {
        return ServiceException.invalidRequest(prefix + name + " must be " + expected);
    }

    @Override
    public String string(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isString()) {
            throw wrongType(name, "a string");
        }
        return v.stringValue();
    }

    String requiredString(String name) {
        String v = string(name);
        if (v == null) {
            throw ServiceException.missingParameter(prefix + name);
        }
        return v;
    }

    @Override
    public Long longValue(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(name, "a whole number");
        }
        return v.longValue();
    }

    @Override
    public Boolean bool(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return v.booleanValue();
    }

    /** A timestamp sent as epoch seconds (whole or fractional). */
    Instant timestamp(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw wrongType(name, "a timestamp in epoch seconds");
        }
        BigDecimal seconds = v.decimalValue();
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }

    Instant requiredTimestamp(String name) {
        Instant v = timestamp(name);
        if (v == null) {
            throw ServiceException.missingParameter(prefix + name);
        }
        return v;
    }

    @Override
    public Map<String, String> stringMap(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(name, "an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (var e : v.properties()) {
            if (!e.getValue().isString()) {
                throw ServiceException.invalidRequest(prefix + name + "." + e.getKey() + " must be a string");
            }
            map.put(e.getKey(), e.getValue().stringValue());
        }
        return map;
    }

    Map<String, Boolean> booleanMap(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(name, "an object of booleans");
        }
        Map<String, Boolean> map = new LinkedHashMap<>();
        for (var e : v.properties()) {
            if (!e.getValue().isBoolean()) {
                throw ServiceException.invalidRequest(prefix + name + "." + e.getKey() + " must be true or false");
            }
            map.put(e.getKey(), e.getValue().booleanValue());
        }
        return map;
    }

    List<String> stringList(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(name, "a list of strings");
        }
        List<String> list = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v.values()) {
            if (!e.isString()) {
                throw ServiceException.invalidRequest(prefix + name + "[" + i + "] must be a string");
            }
            list.add(e.stringValue());
            i++;
        }
        return list;
    }

    Input object(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(name, "an object");
        }
        return new Input(v, prefix + name + ".");
    }

    Input requiredObject(String name) {
        Input v = object(name);
        if (v == null) {
            throw ServiceException.missingParameter(prefix + name);
        }
        return v;
    }

    List<Input> objects(String name) {
        JsonNode v = member(name);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(name, "a list of objects");
        }
        List<Input> list = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v.values()) {
            if (!e.isObject()) {
                throw ServiceException.invalidRequest(prefix + name + "[" + i + "] must be an object");
            }
            list.add(new Input(e, prefix + name + "[" + i + "]."));
            i++;
        }
        return list;
    }
}
