package dev.hokan.engine;

import java.util.Optional;

/** The six colon-separated fields of an ARN; {@code resource} may itself contain ':' and '/'. */
public record Arn(String partition, String service, String region, String account, String resource) {

    public static Optional<Arn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[2].isEmpty()
                || parts[5].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** The part after {@code type:} or {@code type/} in the resource field, if the resource is of that type. */
    public Optional<String> resourceId(String type) {
        if (resource.startsWith(type + ":") || resource.startsWith(type + "/")) {
            String id = resource.substring(type.length() + 1);
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        }
        return Optional.empty();
    }
}
