package dev.hokan.api;

import dev.hokan.engine.JsonSyntax;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.iam.KeyPair;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the regions other Hokan deployments serve, from a JSON file kept next to the master key (it holds
 * credentials): {@code {"RemoteRegions":[{"Region":"us-west-1","Endpoint":"https://dr.example:8080",
 * "AccessKeyId":"...","SecretAccessKey":"..."}]}}.
 */
public final class RemoteRegionsFile {
    private RemoteRegionsFile() {
    }

    public static List<RemoteRegion> load(Path file) throws IOException {
        byte[] json = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid JSON: " + JsonSyntax.problem(json, e), e);
        }
        JsonNode regions = root.get("RemoteRegions");
        if (regions == null || !regions.isArray()) {
            throw new IOException(file + " must hold {\"RemoteRegions\": [...]}");
        }
        List<RemoteRegion> result = new ArrayList<>();
        for (JsonNode r : regions) {
            try {
                result.add(new RemoteRegion(text(file, r, "Region"), URI.create(text(file, r, "Endpoint")),
                        new KeyPair(text(file, r, "AccessKeyId"), text(file, r, "SecretAccessKey"))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static String text(Path file, JsonNode region, String member) throws IOException {
        JsonNode v = region.get(member);
        if (v == null || !v.isString() || v.stringValue().isBlank()) {
            throw new IOException(file + ": every remote region needs a string " + member);
        }
        return v.stringValue();
    }
}
