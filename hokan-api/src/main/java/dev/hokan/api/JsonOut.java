package dev.hokan.api;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A JSON response object built the rest-json way and streamed out without an intermediate tree: absent (null)
 * members are left out, timestamps are numbers of epoch seconds with millisecond precision.
 */
final class JsonOut {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final List<String> names = new ArrayList<>(16);
    private final List<Object> values = new ArrayList<>(16);

    private JsonOut() {
    }

    static JsonOut object() {
        return new JsonOut();
    }

    private JsonOut add(String name, Object value) {
        if (value != null) {
            names.add(name);
            values.add(value);
        }
        return this;
    }

    JsonOut put(String name, String value) {
        return add(name, value);
    }

    JsonOut put(String name, Long value) {
        return add(name, value);
    }

    JsonOut put(String name, Boolean value) {
        return add(name, value);
    }

    JsonOut put(String name, Instant value) {
        return add(name, value);
    }

    JsonOut put(String name, JsonOut value) {
        return add(name, value);
    }

    /** Each entry as a member of this object. */
    JsonOut putMembers(Map<String, ?> members) {
        members.forEach(this::add);
        return this;
    }

    JsonOut putStrings(String name, Map<String, String> map) {
        return add(name, map);
    }

    JsonOut putBooleans(String name, Map<String, Boolean> map) {
        return add(name, map);
    }

    JsonOut putStringList(String name, Collection<String> strings) {
        return add(name, strings);
    }

    JsonOut putList(String name, Collection<JsonOut> objects) {
        return add(name, objects);
    }

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g);
        }
        return out.toByteArray();
    }

    private void write(JsonGenerator g) {
        g.writeStartObject();
        for (int i = 0; i < names.size(); i++) {
            g.writeName(names.get(i));
            writeValue(g, values.get(i));
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object value) {
        switch (value) {
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Boolean b -> g.writeBoolean(b);
            case Instant t -> writeTimestamp(g, t);
            case JsonOut o -> o.write(g);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeName((String) e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object element : c) {
                    writeValue(g, element);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("Cannot write " + value.getClass() + " as JSON");
        }
    }

    private static void writeTimestamp(JsonGenerator g, Instant t) {
        long millis = t.toEpochMilli();
        if (millis % 1000 == 0) {
            g.writeNumber(millis / 1000);
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
    }
}
