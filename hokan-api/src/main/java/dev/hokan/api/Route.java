package dev.hokan.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation's method and URI template, e.g. {@code GET /backup-vaults/{backupVaultName}}. A label is one
 * whole path segment; a template may require a literal query key ({@code ?delete}).
 */
record Route(String operation, String method, List<String> segments, String requiredQueryKey) {

    static Route parse(String operation, String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String queryKey = q < 0 ? null : uri.substring(q + 1);
        return new Route(operation, method, List.of(path.split("/", -1)), queryKey);
    }

    int literalSegments() {
        return (int) segments.stream().filter(s -> !isLabel(s)).count();
    }

    /**
     * @param rawSegments the request path split on '/', still percent-encoded
     * @return the decoded label values, or null when the path does not fit this template
     */
    Map<String, String> match(String method, String[] rawSegments, Map<String, List<String>> query) {
        if (!this.method.equals(method) || rawSegments.length != segments.size()) {
            return null;
        }
        if (requiredQueryKey != null && !query.containsKey(requiredQueryKey)) {
            return null;
        }
        Map<String, String> labels = null;
        for (int i = 0; i < rawSegments.length; i++) {
            String template = segments.get(i);
            if (isLabel(template)) {
                if (rawSegments[i].isEmpty()) {
                    return null;
                }
                if (labels == null) {
                    labels = new HashMap<>(4);
                }
                labels.put(template.substring(1, template.length() - 1), SigV4Verifier.percentDecode(rawSegments[i]));
            } else if (!template.equals(rawSegments[i])) {
                return null;
            }
        }
        return labels == null ? Map.of() : labels;
    }

    private static boolean isLabel(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
