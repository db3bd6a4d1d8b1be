package dev.hokan.api;

import java.util.List;
import java.util.function.Function;

/**
 * What SigV4 verification needs of a request: the method, the path and query exactly as received (still
 * percent-encoded), a header lookup (all values of a header, in order) and the body.
 */
record SignedRequest(String method, String rawPath, String rawQuery, Function<String, List<String>> headers,
                     byte[] body) {
    String header(String name) {
        List<String> values = headers.apply(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }
}
