package dev.hokan.api;

import dev.hokan.catalog.identity.ConsoleSession;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The web console's sessions: a random token in an HttpOnly, SameSite=Strict cookie stands for the identity that
 * signed in with its console password, and every request made with it must carry the session's CSRF token in
 * {@value #CSRF_HEADER}. A session ends on sign-out or after {@code idleTimeout} without a request. Sessions are kept
 * in the identity catalog, by the SHA-256 of their token, so every node of a cluster honours them and a restart keeps
 * them; idleness follows real time, read from the catalog at each request.
 */
final class ConsoleSessions {
    static final String COOKIE = "hokan-console";
    static final String CSRF_HEADER = "X-Hokan-Csrf";
    /** A session used again within this is not written again: one write a second at most, whatever the polling. */
    private static final Duration RENEWAL_GRAIN = Duration.ofSeconds(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identities identities;
    private final Duration idleTimeout;
    private final String region;
    private final InstantSource time;

    /** Sessions that act in {@code region}, the deployment's home region. */
    ConsoleSessions(Identities identities, Duration idleTimeout, String region, InstantSource time) {
        this.identities = identities;
        this.idleTimeout = idleTimeout;
        this.region = region;
        this.time = time;
    }

    /** A session just opened, with the token its cookie carries (which only its hash in the catalog stands for). */
    record Opened(String token, ConsoleSession session) {
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    String region() {
        return region;
    }

    /** Who a console request acts as, and where: as {@link SigV4Verifier#verify} tells it of a signed request. */
    SigV4Verifier.Verified verify(Request request) throws AuthException {
        return new SigV4Verifier.Verified(caller(checked(request)), region);
    }

    Opened open(Caller caller) {
        Instant now = time.instant();
        String token = randomToken();
        ConsoleSession session = new ConsoleSession(hash(token), caller.principalArn(), randomToken(), now);
        identities.openConsoleSession(session, now.minus(idleTimeout));
        return new Opened(token, session);
    }

    void close(ConsoleSession session) {
        identities.closeConsoleSession(session.tokenHash());
    }

    /** Whether the request comes from the console: a session cookie and no signature. */
    static boolean carriesSession(Request request) {
        return request.getHeaders().get(HttpHeader.AUTHORIZATION) == null && token(request).isPresent();
    }

    /** The session the request's cookie names, still alive (which this request renews), without checking CSRF. */
    ConsoleSession session(Request request) throws AuthException {
        String tokenHash = hash(token(request).orElseThrow(AuthException::missingToken));
        Instant now = time.instant();
        Optional<ConsoleSession> found = identities.consoleSession(tokenHash);
        if (found.isEmpty()) {
            throw expired();
        }
        ConsoleSession session = found.get();
        if (!now.isBefore(session.lastUsed().plus(idleTimeout))) {
            identities.closeConsoleSession(tokenHash);
            throw expired();
        }
        if (!now.isBefore(session.lastUsed().plus(RENEWAL_GRAIN))) {
            identities.renewConsoleSession(tokenHash, now);
        }
        return session;
    }

    /** The session of a console request, which must carry its CSRF token; the caller it stands for. */
    ConsoleSession checked(Request request) throws AuthException {
        ConsoleSession session = session(request);
        String csrf = request.getHeaders().get(CSRF_HEADER);
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new AuthException("AccessDeniedException", "The request lacks the console session's CSRF token"
                    + " (header " + CSRF_HEADER + "); it was not sent by the console");
        }
        return session;
    }

    /** The caller a live session stands for, as its identity is now. */
    Caller caller(ConsoleSession session) throws AuthException {
        Optional<Caller> caller = identities.consoleCaller(session.principalArn());
        if (caller.isEmpty()) {
            close(session);
            throw expired();
        }
        return caller.get();
    }

    private AuthException expired() {
        long seconds = idleTimeout.toSeconds();
        return new AuthException("ExpiredTokenException", "The console session expired (" + (seconds % 60 == 0
                ? seconds / 60 + " minutes" : seconds + " seconds") + " without a request) or was signed out;"
                + " sign in again");
    }

    private static Optional<String> token(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        return cookies.stream().filter(c -> c.getName().equals(COOKIE)).map(HttpCookie::getValue)
                .filter(v -> !v.isEmpty()).findFirst();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
