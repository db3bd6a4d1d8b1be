package dev.hokan.api;

import dev.hokan.catalog.identity.ConsoleSession;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console under {@code /console/}: its built assets, and its session endpoints, which are the only
 * requests the console makes without a session: {@code POST /console/api/sign-in} (account, user name, console
 * password), {@code GET /console/api/session} (who is signed in, and the CSRF token, after a reload) and
 * {@code POST /console/api/sign-out}. Everything else the console does goes to the API's own routes with the session
 * cookie, authorised there as a signed request of the same identity would be. Any other path is left to the next
 * handler.
 */
final class ConsoleHandler extends Handler.Abstract.NonBlocking {
    static final String PREFIX = "/console";
    private static final String API = PREFIX + "/api/";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "json", "application/json", "woff2", "font/woff2");

    private final ConsoleSessions sessions;
    private final Identities identities;
    private final Optional<Path> assets;

    ConsoleHandler(ConsoleSessions sessions, Identities identities, Optional<Path> assets) {
        this.sessions = sessions;
        this.identities = identities;
        this.assets = assets.map(dir -> dir.toAbsolutePath().normalize());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return false;
        }
        if (path.startsWith(API)) {
            getServer().getThreadPool().execute(() -> api(path.substring(API.length()), request, response, callback));
        } else if (path.equals(PREFIX)) {
            Response.sendRedirect(request, response, callback, PREFIX + "/");
        } else {
            getServer().getThreadPool().execute(() -> asset(path.substring(PREFIX.length() + 1), request, response,
                    callback));
        }
        return true;
    }

    private void api(String endpoint, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        try {
            switch (endpoint) {
                case "sign-in" -> {
                    requireMethod(method, HttpMethod.POST);
                    signIn(request, response, callback);
                }
                case "session" -> {
                    requireMethod(method, HttpMethod.GET);
                    ConsoleSession session = sessions.session(request);
                    json(response, callback, 200, sessionOut(session, sessions.caller(session)));
                }
                case "sign-out" -> {
                    requireMethod(method, HttpMethod.POST);
                    sessions.close(sessions.checked(request));
                    response.getHeaders().add(HttpHeader.SET_COOKIE, cookie(request, "", 0));
                    json(response, callback, 200, JsonOut.object());
                }
                default -> throw new NotFound("No console endpoint " + endpoint);
            }
        } catch (AuthException e) {
            json(response, callback, 403, error(e.errorType(), e.getMessage()));
        } catch (ServiceException e) {
            json(response, callback, e.type().httpStatus(), error(e.type().awsName(), e.getMessage()));
        } catch (NotFound e) {
            json(response, callback, 404, error("UnknownOperationException", e.getMessage()));
        } catch (IOException e) {
            json(response, callback, 400, error(ErrorType.INVALID_REQUEST.awsName(),
                    "The request body could not be read: " + e.getMessage()));
        }
    }

    private void signIn(Request request, Response response, Callback callback) throws IOException {
        JsonNode body;
        try {
            body = MAPPER.readTree(ApiHandler.readBody(request, 4096));
        } catch (JacksonException e) {
            throw ServiceException.notJson("The sign-in is not JSON", e);
        }
        String accountId = text(body, "AccountId");
        String password = text(body, "Password");
        if (accountId == null || password == null) {
            throw ServiceException.invalidParameter("Sign in with AccountId, UserName (none for the root user) and"
                    + " Password");
        }
        Optional<Caller> caller = identities.consoleSignIn(accountId, text(body, "UserName"), password);
        if (caller.isEmpty()) {
            throw ServiceException.accessDenied("The account, user name or password is wrong, or the user has no"
                    + " console password");
        }
        ConsoleSessions.Opened opened = sessions.open(caller.get());
        response.getHeaders().add(HttpHeader.SET_COOKIE, cookie(request, opened.token(), -1));
        json(response, callback, 200, sessionOut(opened.session(), caller.get()));
    }

    private JsonOut sessionOut(ConsoleSession session, Caller caller) {
        return JsonOut.object().put("PrincipalArn", caller.principalArn()).put("AccountId", caller.accountId())
                .put("PrincipalType", caller.kind().name()).put("Region", sessions.region())
                .put("CsrfToken", session.csrfToken())
                .put("IdleTimeoutSeconds", sessions.idleTimeout().toSeconds());
    }

    /** The session cookie: script cannot read it and no other site's page sends it; {@code maxAge} 0 removes it. */
    private static String cookie(Request request, String token, int maxAge) {
        return ConsoleSessions.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + (request.isSecure() ? "; Secure" : "");
    }

    private void asset(String relative, Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            json(response, callback, 405, error("MethodNotAllowedException", "The console's pages are read with GET"));
            return;
        }
        if (assets.isEmpty()) {
            json(response, callback, 404, error("ResourceNotFoundException", "This server was started without the"
                    + " console's assets (the hokan launcher builds them and passes --console-dir)"));
            return;
        }
        Path file = assets.get().resolve(relative.isEmpty() ? "index.html" : relative).normalize();
        if (!file.startsWith(assets.get()) || !Files.isRegularFile(file)) {
            json(response, callback, 404, error("ResourceNotFoundException", "No console page " + relative));
            return;
        }
        try {
            byte[] content = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPES.getOrDefault(extension,
                    "application/octet-stream"));
            // the build names assets by their content's hash: they never change; the page that names them may
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, relative.startsWith("assets/")
                    ? "public, max-age=31536000, immutable" : "no-cache");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? ByteBuffer.allocate(0)
                    : ByteBuffer.wrap(content), callback);
        } catch (IOException e) {
            json(response, callback, 500, error(ErrorType.SERVICE_UNAVAILABLE.awsName(),
                    "The console page " + relative + " could not be read: " + e.getMessage()));
        }
    }

    private static void requireMethod(String method, HttpMethod expected) throws NotFound {
        if (!expected.is(method)) {
            throw new NotFound("The console endpoint takes " + expected + ", not " + method);
        }
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body == null ? null : body.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static JsonOut error(String type, String message) {
        return JsonOut.object().put("__type", type).put("Message", message);
    }

    private static void json(Response response, Callback callback, int status, JsonOut body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.toJson()), callback);
    }

    /** A console path that names nothing. */
    private static final class NotFound extends Exception {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
