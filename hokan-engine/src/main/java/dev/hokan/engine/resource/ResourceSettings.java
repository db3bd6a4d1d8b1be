package dev.hokan.engine.resource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a resource's kind keeps of its registration: a JSON object of strings, whole numbers and booleans, stored as
 * it is in the catalog (so a new kind needs no migration) and listed as members of the resource.
 */
public record ResourceSettings(Map<String, Object> members) {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    public ResourceSettings {
        members.forEach((name, value) -> {
            if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
                throw new IllegalArgumentException("Setting " + name + " is " + value
                        + "; settings are strings, whole numbers or booleans");
            }
        });
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public static ResourceSettings of(String name, Object value) {
        return new ResourceSettings(Map.of(name, value));
    }

    public static ResourceSettings parse(String json) {
        return new ResourceSettings(MAPPER.readValue(json, OBJECT));
    }

    public String json() {
        return MAPPER.writeValueAsString(members);
    }

    /** The string setting {@code name}, which the kind wrote at registration. */
    public String string(String name) {
        if (!(members.get(name) instanceof String value)) {
            throw new IllegalStateException("The resource has no string setting " + name);
        }
        return value;
    }
}
