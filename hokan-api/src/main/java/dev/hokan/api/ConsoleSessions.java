package dev.hokan.api;

import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The web console's sessions: a random token in an HttpOnly, SameSite=Strict cookie stands for the identity that
 * signed in with its console password, and every request made with it must carry the session's CSRF token in
 * {@value #CSRF_HEADER}. A session ends on sign-out or after {@code idleTimeout} without a request. Sessions live in
 * this server's memory: a restart signs everybody out, and each node of a cluster has its own.
 */
final class ConsoleSessions {
    static final String COOKIE = "hokan-console";
    static final String CSRF_HEADER = "X-Hokan-Csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identities identities;
    private final Duration idleTimeout;
    private final String region;
    private final LongSupplier nanoTime;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** Sessions that act in {@code region}, the deployment's home region. */
    ConsoleSessions(Identities identities, Duration idleTimeout, String region, LongSupplier nanoTime) {
        this.identities = identities;
        this.idleTimeout = idleTimeout;
        this.region = region;
        this.nanoTime = nanoTime;
    }

    /** A signed-in identity: who, and the token its requests must carry in {@value #CSRF_HEADER}. */
    record Session(String token, String principalArn, String csrfToken, long lastUsedNanos) {
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

    Session open(Caller caller) {
        long now = nanoTime.getAsLong();
        sessions.values().removeIf(session -> expired(session, now));
        Session session = new Session(randomToken(), caller.principalArn(), randomToken(), now);
        sessions.put(session.token(), session);
        return session;
    }

    void close(Session session) {
        sessions.remove(session.token());
    }

    /** Whether the request comes from the console: a session cookie and no signature. */
    static boolean carriesSession(Request request) {
        return request.getHeaders().get(HttpHeader.AUTHORIZATION) == null && token(request).isPresent();
    }

    /** The session the request's cookie names, still alive (which this request renews), without checking CSRF. */
    Session session(Request request) throws AuthException {
        String token = token(request).orElseThrow(AuthException::missingToken);
        long now = nanoTime.getAsLong();
        Session session = sessions.get(token);
        if (session == null || expired(session, now)) {
            if (session != null) {
                sessions.remove(token, session);
            }
            throw expired();
        }
        Session renewed = new Session(session.token(), session.principalArn(), session.csrfToken(), now);
        sessions.replace(token, session, renewed);
        return renewed;
    }

    /** The session of a console request, which must carry its CSRF token; the caller it stands for. */
    Session checked(Request request) throws AuthException {
        Session session = session(request);
        String csrf = request.getHeaders().get(CSRF_HEADER);
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new AuthException("AccessDeniedException", "The request lacks the console session's CSRF token"
                    + " (header " + CSRF_HEADER + "); it was not sent by the console");
        }
        return session;
    }

    /** The caller a live session stands for, as its identity is now. */
    Caller caller(Session session) throws AuthException {
        Optional<Caller> caller = identities.consoleCaller(session.principalArn());
        if (caller.isEmpty()) {
            close(session);
            throw expired();
        }
        return caller.get();
    }

    private boolean expired(Session session, long now) {
        return now - session.lastUsedNanos() >= idleTimeout.toNanos();
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

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
