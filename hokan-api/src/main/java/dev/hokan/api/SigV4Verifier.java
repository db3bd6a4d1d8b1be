package dev.hokan.api;

import dev.hokan.engine.iam.Caller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 (header form) for one service ({@code backup}, {@code sns} for the topics or
 * {@code kms} for the keys),
 * as AWS does for non-S3 services: the canonical URI is the received path percent-encoded once more.
 */
final class SigV4Verifier {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "backup";
    static final String SNS_SERVICE = "sns";
    static final String KMS_SERVICE = "kms";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();
    /** Looking algorithms up costs more than using them, so each thread keeps its own instances. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });

    private final Function<String, Optional<Caller>> callers;
    private final Predicate<String> servesRegion;
    private final String service;
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    /**
     * @param callers who signs with an access key ID
     * @param servesRegion whether a credential scope's region is served here
     * @param service the service credential scopes must name
     */
    SigV4Verifier(Function<String, Optional<Caller>> callers, Predicate<String> servesRegion, String service) {
        this.callers = callers;
        this.servesRegion = servesRegion;
        this.service = service;
    }

    /** Who signed a request, and for which region. */
    record Verified(Caller caller, String region) {
    }

    Verified verify(SignedRequest request, Instant now) throws AuthException {
        String authorization = request.header("authorization");
        if (authorization == null) {
            if (request.rawQuery() != null && request.rawQuery().contains("X-Amz-Signature=")) {
                throw AuthException.incomplete("Query-string (presigned) authentication is not supported; sign the"
                        + " Authorization header");
            }
            throw AuthException.missingToken();
        }
        Authorization auth = Authorization.parse(authorization);
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw AuthException.incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a"
                    + " 'Date' header.");
        }
        Instant signedAt = parseDate(amzDate);
        Instant earliest = now.minus(MAX_SKEW);
        Instant latest = now.plus(MAX_SKEW);
        if (signedAt.isBefore(earliest)) {
            throw AuthException.invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(earliest.atZone(ZoneOffset.UTC)) + " (" + AMZ_DATE.format(now.atZone(ZoneOffset.UTC))
                    + " - 15 min.)");
        }
        if (signedAt.isAfter(latest)) {
            throw AuthException.invalidSignature("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(latest.atZone(ZoneOffset.UTC)) + " (" + AMZ_DATE.format(now.atZone(ZoneOffset.UTC))
                    + " + 15 min.)");
        }
        Caller caller = callers.apply(auth.accessKeyId()).orElseThrow(AuthException::unrecognizedClient);
        if (!auth.date().equals(amzDate.substring(0, 8))) {
            throw AuthException.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601"
                    + " version of date from HTTP: '" + auth.date() + "' != '" + amzDate.substring(0, 8) + "'");
        }
        if (!auth.service().equals(service)) {
            throw AuthException.invalidSignature("Credential should be scoped to correct service: '" + service + "'.");
        }
        if (!servesRegion.test(auth.region())) {
            throw AuthException.invalidSignature("Credential should be scoped to a valid region, not '"
                    + auth.region() + "'. This deployment does not serve it.");
        }
        if (!auth.signedHeaders().contains("host")) {
            throw AuthException.incomplete("'Host' must be a signed header.");
        }
        String payloadHash = sha256Hex(request.body());
        String declared = request.header("x-amz-content-sha256");
        if (declared != null && !declared.equals("UNSIGNED-PAYLOAD") && !declared.equalsIgnoreCase(payloadHash)) {
            throw AuthException.invalidSignature("The provided 'x-amz-content-sha256' header does not match what was"
                    + " computed.");
        }
        String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
        String stringToSign = stringToSign(request, auth.signedHeaders(), amzDate, scope,
                "UNSIGNED-PAYLOAD".equals(declared) ? declared : payloadHash);
        byte[] expected = hmac(signingKey(auth.accessKeyId(), caller.secretAccessKey(), auth.date(), auth.region()),
                stringToSign);
        byte[] given;
        try {
            given = HEX.parseHex(auth.signature());
        } catch (IllegalArgumentException e) {
            throw AuthException.incomplete("Signature must be hexadecimal");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw AuthException.invalidSignature("The request signature we calculated does not match the signature"
                    + " you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details.");
        }
        return new Verified(caller, auth.region());
    }

    /** What a SigV4 signature signs: the algorithm, time, scope and the hash of the canonical request. */
    static String stringToSign(SignedRequest request, List<String> signedHeaders, String amzDate, String scope,
                               String payloadHash) throws AuthException {
        String canonical = request.method() + "\n"
                + canonicalUri(request.rawPath()) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n"
                + canonicalHeaders(request, signedHeaders) + "\n"
                + String.join(";", signedHeaders) + "\n"
                + payloadHash;
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    static String amzDate(Instant at) {
        return AMZ_DATE.format(at.atZone(ZoneOffset.UTC));
    }

    private static Instant parseDate(String amzDate) throws AuthException {
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw AuthException.incomplete("X-Amz-Date must have the form YYYYMMDD'T'HHMMSS'Z', got " + amzDate);
        }
    }

    /** The received path, segment by segment, encoded again (so {@code %3A} becomes {@code %253A}). */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(uriEncode(segments[i]));
        }
        return sb.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[]{uriEncode(percentDecode(key)), uriEncode(percentDecode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) throws AuthException {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headers().apply(name);
            if (values == null || values.isEmpty()) {
                throw AuthException.invalidSignature("Signed header '" + name + "' is missing from the request");
            }
            sb.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendCollapsed(sb, values.get(i).trim());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Appends the value with runs of spaces collapsed to one, as canonical header values require. */
    private static void appendCollapsed(StringBuilder sb, String value) {
        char previous = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' || previous != ' ') {
                sb.append(c);
            }
            previous = c;
        }
    }

    /** RFC 3986 encoding: everything but unreserved characters is percent-encoded, '%' included. */
    static String uriEncode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes %XX escapes; malformed escapes are kept as they are. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.write((hi << 4) + lo);
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private byte[] signingKey(String accessKeyId, String secret, String date, String scopeRegion) {
        return signingKeys.computeIfAbsent(accessKeyId + "/" + date + "/" + scopeRegion,
                k -> deriveSigningKey(secret, date, scopeRegion, service));
    }

    static byte[] deriveSigningKey(String secret, String date, String scopeRegion, String service) {
        byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, scopeRegion);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("An HMAC key of any length is valid", e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HEX.formatHex(SHA256.get().digest(data));
    }

    /** The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
                         String signature) {
        static Authorization parse(String header) throws AuthException {
            if (!header.startsWith(ALGORITHM + " ")) {
                throw AuthException.incomplete("Authorization header must start with " + ALGORITHM
                        + " (only Signature Version 4 is supported)");
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                String p = part.trim();
                if (p.startsWith("Credential=")) {
                    credential = p.substring("Credential=".length());
                } else if (p.startsWith("SignedHeaders=")) {
                    signedHeaders = p.substring("SignedHeaders=".length());
                } else if (p.startsWith("Signature=")) {
                    signature = p.substring("Signature=".length());
                }
            }
            if (credential == null || signedHeaders == null || signature == null) {
                throw AuthException.incomplete("Authorization header requires 'Credential', 'SignedHeaders' and"
                        + " 'Signature' parameters. Authorization=" + ALGORITHM + " ...");
            }
            String[] scope = credential.split("/");
            if (scope.length != 5 || !scope[4].equals("aws4_request")) {
                throw AuthException.incomplete("Credential must have the form"
                        + " ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request");
            }
            List<String> headers = Arrays.stream(signedHeaders.split(";"))
                    .map(h -> h.toLowerCase(Locale.ROOT)).toList();
            return new Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature);
        }
    }
}
