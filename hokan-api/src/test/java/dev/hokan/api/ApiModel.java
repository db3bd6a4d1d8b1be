package dev.hokan.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AWS Backup API model that botocore ships (the one the aws CLI and boto3 read), to check Hokan's answers
 * against: every member of an operation's output shape must be present with its model type, unless the caller
 * says why it may be absent.
 */
final class ApiModel {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "data/backup/2018-11-15/service-2.json.gz";

    private final JsonNode operations;
    private final JsonNode shapes;

    private ApiModel(JsonNode model) {
        this.operations = model.get("operations");
        this.shapes = model.get("shapes");
    }

    /** The model of the botocore that python3 imports; null when there is none. */
    static ApiModel installed() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        Path model = Path.of(out, MODEL);
        if (!Files.isRegularFile(model)) {
            return null;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(model))) {
            return new ApiModel(JSON.readTree(in));
        }
    }

    /** The values the model's enum shape {@code shapeName} allows, in the model's order. */
    List<String> enumValues(String shapeName) {
        return shapes.get(shapeName).get("enum").valueStream().map(JsonNode::stringValue).toList();
    }

    /**
     * What is wrong with {@code answer} as the output of {@code operation}: members missing or of another type, in
     * nested structures and every list element too. {@code mayBeAbsent} maps "Shape.Member" to why the member may
     * be left out of this answer.
     */
    List<String> problems(String operation, JsonNode answer, Map<String, String> mayBeAbsent) {
        List<String> problems = new ArrayList<>();
        check(operations.get(operation).get("output").get("shape").stringValue(), answer, operation, mayBeAbsent,
                problems);
        return problems;
    }

    private void check(String shapeName, JsonNode value, String path, Map<String, String> mayBeAbsent,
                       List<String> problems) {
        JsonNode shape = shapes.get(shapeName);
        String type = shape.get("type").stringValue();
        switch (type) {
            case "structure" -> {
                if (!value.isObject()) {
                    problems.add(path + ": expected a structure, got " + value);
                    return;
                }
                for (var member : shape.get("members").properties()) {
                    String name = member.getKey();
                    JsonNode v = value.get(name);
                    if (v == null || v.isNull()) {
                        if (!mayBeAbsent.containsKey(shapeName + "." + name)) {
                            problems.add(path + "." + name + " (" + shapeName + "." + name + ") is missing");
                        }
                    } else {
                        check(member.getValue().get("shape").stringValue(), v, path + "." + name, mayBeAbsent,
                                problems);
                    }
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    problems.add(path + ": expected a list, got " + value);
                    return;
                }
                String element = shape.get("member").get("shape").stringValue();
                for (int i = 0; i < value.size(); i++) {
                    check(element, value.get(i), path + "[" + i + "]", mayBeAbsent, problems);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    problems.add(path + ": expected a map, got " + value);
                    return;
                }
                String element = shape.get("value").get("shape").stringValue();
                for (var entry : value.properties()) {
                    check(element, entry.getValue(), path + "[" + entry.getKey() + "]", mayBeAbsent, problems);
                }
            }
            case "string" -> {
                if (!value.isString()) {
                    problems.add(path + ": expected a string, got " + value);
                } else if (shape.has("enum") && shape.get("enum").valueStream()
                        .noneMatch(e -> e.stringValue().equals(value.stringValue()))) {
                    problems.add(path + ": " + value + " is not one of " + shape.get("enum"));
                }
            }
            case "long", "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": expected an integer, got " + value);
                }
            }
            case "timestamp", "double", "float" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": expected a boolean, got " + value);
                }
            }
            default -> problems.add(path + ": model type " + type + " is not checked");
        }
    }
}
