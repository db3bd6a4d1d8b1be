package dev.hokan.api;

import dev.hokan.catalog.CatalogException;
import dev.hokan.engine.Actor;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.JsonSyntax;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.iam.CachedIdentityCatalog;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import dev.hokan.store.copy.CopyWire;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The HTTP front: reads the body, verifies the signature, routes to the operation and answers in AWS rest-json,
 * errors included. Nothing a client sends produces a stack trace in the response.
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {
    /**
     * Operations cheap enough to run on the network thread (an indexed lookup or one keyset page) when the catalogs
     * are SQLite files in this process: skipping the hand-off to a worker thread more than doubles their throughput
     * on a small machine. A catalog across the network (PostgreSQL) would hold the network thread for each round trip
     * and answer one request at a time, so then every request moves to a worker thread.
     */
    private static final Set<String> INLINE_OPERATIONS = Set.of("DescribeBackupVault", "ListBackupVaults",
            "DescribeRecoveryPoint", "ListRecoveryPointsByBackupVault", "ListRecoveryPointsByResource",
            "GetRecoveryPointRestoreMetadata", "DescribeBackupJob", "DescribeRestoreJob", "DescribeProtectedResource",
            "GetBackupPlan", "ListBackupPlans", "ListBackupPlanVersions", "ListBackupPlanTemplates",
            "GetBackupPlanFromTemplate", "ExportBackupPlanTemplate", "GetBackupSelection", "ListBackupSelections",
            "ListTags", "GetSupportedResourceTypes", "DescribeRegionSettings", "DescribeGlobalSettings",
            "HokanGetClock");

    /** Operations whose body is raw bytes rather than JSON: a copy protocol message, up to a protocol batch. */
    private static final Set<String> BINARY_OPERATIONS = Set.of(CopySessionOperations.MESSAGE);

    /** Operations that answer success with another status than 200 (the model's responseCode). */
    private static final Map<String, Integer> SUCCESS_STATUS = Map.of("CancelLegalHold", 201,
            "CreateRestoreTestingPlan", 201, "CreateRestoreTestingSelection", 201, "DeleteRestoreTestingPlan", 204,
            "DeleteRestoreTestingSelection", 204, "PutRestoreValidationResult", 204);
    private static final int NO_CONTENT = 204;

    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());
    /** Refused admin actions: who tried what, for the operator's log. */
    private static final Logger ACCESS_LOG = Logger.getLogger("dev.hokan.access");
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Refused bodies up to this size are read to their end, so that the refusal reaches the client. */
    private static final long DRAINED = 16L * 1024 * 1024;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final SigV4Verifier verifier;
    private final ConsoleSessions sessions;
    private final RouteTable routes;
    private final Operations operations;
    private final ApiAccess access;
    private final Identities identities;
    private final boolean inlineReads;

    ApiHandler(SigV4Verifier verifier, ConsoleSessions sessions, RouteTable routes, Operations operations,
               ApiAccess access, Identities identities, boolean inlineReads) {
        this.verifier = verifier;
        this.sessions = sessions;
        this.routes = routes;
        this.operations = operations;
        this.access = access;
        this.identities = identities;
        this.inlineReads = inlineReads;
    }

    /** Finds the implementation of an operation for a caller in a region: the deployment's or its cell's. */
    interface Operations {
        Operation find(String operation, Caller caller, String region);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Answer answer = new Answer(response, callback, requestId(), System.nanoTime());
        if (inlineReads && bodiless(request)) {
            respond(request, answer, true);
        } else {
            getServer().getThreadPool().execute(() -> respond(request, answer, false));
        }
        return true;
    }

    /**
     * Routes and answers the request. On the network thread only operations in {@link #INLINE_OPERATIONS} run
     * there; everything else moves to a worker thread first.
     */
    private void respond(Request request, Answer answer, boolean onNetworkThread) {
        String requestId = answer.requestId();
        Outcome outcome = guarded(requestId, () -> route(request, requestId));
        if (outcome instanceof Routed routed) {
            String operation = routed.call().operation();
            if (onNetworkThread && !INLINE_OPERATIONS.contains(operation)) {
                getServer().getThreadPool().execute(() ->
                        answer.send(operation, guarded(requestId, routed::invoke)));
                return;
            }
            answer.send(operation, guarded(requestId, routed::invoke));
            return;
        }
        answer.send(ApiMeters.NO_OPERATION, outcome);
    }

    /** Where a request's reply goes, and when the request arrived. */
    private record Answer(Response response, Callback callback, String requestId, long arrivedNanos) {
        void send(String operation, Outcome outcome) {
            Reply reply = (Reply) outcome;
            ApiMeters.answered(operation, reply.status(), System.nanoTime() - arrivedNanos);
            ApiHandler.send(response, callback, requestId, reply);
        }
    }

    /** Requests that certainly have no body to wait for. */
    private static boolean bodiless(Request request) {
        return request.getLength() == 0 || (request.getLength() < 0 && HttpMethod.GET.is(request.getMethod())
                && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    private interface Step {
        Outcome run() throws AuthException, IOException;
    }

    private static Outcome guarded(String requestId, Step step) {
        try {
            return step.run();
        } catch (AuthException e) {
            return Reply.error(403, e.errorType(), "message", e.getMessage());
        } catch (ServiceException e) {
            return serviceError(e);
        } catch (CatalogException e) {
            LOG.log(Level.SEVERE, "Request " + requestId + ": catalog failure", e);
            return Reply.error(500, ErrorType.DEPENDENCY_FAILURE.awsName(), "Message",
                    "The catalog database failed; nothing was changed (request " + requestId + ")");
        } catch (IOException e) {
            return Reply.error(400, ErrorType.INVALID_REQUEST.awsName(), "Message",
                    "The request body could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Request " + requestId + " failed", e);
            return Reply.error(500, ErrorType.SERVICE_UNAVAILABLE.awsName(), "Message",
                    "Internal error; the server log has the details under request " + requestId);
        }
    }

    private static void send(Response response, Callback callback, String requestId, Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("x-amzn-RequestId", requestId);
        if (reply.errorType() != null) {
            response.getHeaders().put("x-amzn-ErrorType", reply.errorType());
        }
        response.write(true, ByteBuffer.wrap(reply.status() == NO_CONTENT ? new byte[0] : reply.body().toJson()),
                callback);
    }

    /** A random version-4 UUID; request IDs need to be unique, not unpredictable, so no SecureRandom. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /**
     * Reads the body, then reads the identity catalog once: the signature (or the console session), the authorisation
     * and the operation all look identities up in that one reading.
     */
    private Outcome route(Request request, String requestId) throws AuthException, IOException {
        String rawQuery = request.getHttpURI().getQuery();
        Map<String, List<String>> query = parseQuery(rawQuery);
        RouteMatch match = routes.match(request.getMethod(), request.getHttpURI().getPath(), query);
        boolean binary = match != null && BINARY_OPERATIONS.contains(match.operation());
        byte[] body = readBody(request, binary ? CopyWire.MAX_MESSAGE_BYTES : MAX_BODY_BYTES);
        SignedRequest signed = new SignedRequest(request.getMethod(), request.getHttpURI().getPath(), rawQuery,
                name -> headerValues(request, name), body);
        CachedIdentityCatalog.Reading reading = identities.reading();
        return reading.call(() -> authorised(request, requestId, match, query, signed, reading));
    }

    /** Checks the signature (or the console session), finds the operation and authorises the call. */
    private Outcome authorised(Request request, String requestId, RouteMatch match, Map<String, List<String>> query,
                               SignedRequest signed, CachedIdentityCatalog.Reading reading) throws AuthException {
        SigV4Verifier.Verified verified = ConsoleSessions.carriesSession(request) ? sessions.verify(request)
                : verifier.verify(signed, Instant.now());
        if (match == null) {
            return Reply.error(404, "UnknownOperationException", "Message",
                    "No operation matches " + signed.method() + " " + signed.rawPath());
        }
        boolean binary = BINARY_OPERATIONS.contains(match.operation());
        byte[] body = signed.body();
        Operation operation = operations.find(match.operation(), verified.caller(), verified.region());
        if (operation == null) {
            throw ServiceException.invalidRequest("Operation " + match.operation()
                    + " is not supported by this Hokan server yet");
        }
        ApiCall call = new ApiCall(match.operation(), match.labels(), new Query(query),
                binary ? parse(new byte[0]) : parse(body), binary ? body : null, verified.caller(), verified.region(),
                connection(request));
        try {
            access.check(call);
        } catch (ServiceException refused) {
            if (AdminOperations.handles(call.operation()) || HostPathOperations.handles(call.operation())
                    || EndpointOperations.handles(call.operation())) {
                ACCESS_LOG.warning("Refused " + call.operation() + " (request " + requestId + "): "
                        + refused.getMessage());
            }
            throw refused;
        }
        return new Routed(operation, call, reading);
    }

    static ClientConnection connection(Request request) {
        Optional<String> sourceIp = request.getConnectionMetaData().getRemoteSocketAddress()
                instanceof InetSocketAddress peer && peer.getAddress() != null
                ? Optional.of(peer.getAddress().getHostAddress().replaceFirst("%.*", "")) : Optional.empty();
        return new ClientConnection(sourceIp, request.isSecure());
    }

    static byte[] readBody(Request request, int limit) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared <= limit) {
                byte[] body = in.readNBytes(limit + 1);
                if (body.length <= limit) {
                    return body;
                }
            }
            if (declared <= DRAINED) {
                drain(in);
            }
            throw tooLarge(limit);
        }
    }

    /**
     * Reads what is left of a refused body, up to {@link #DRAINED} bytes: closing the connection while the client
     * still sends resets it, and the client then never reads the refusal (one in a few dozen 1 MiB bodies here).
     */
    private static void drain(InputStream in) throws IOException {
        byte[] discarded = new byte[64 * 1024];
        for (long read = 0; read < DRAINED; ) {
            int n = in.read(discarded);
            if (n < 0) {
                return;
            }
            read += n;
        }
    }

    private static ServiceException tooLarge(int limit) {
        return ServiceException.invalidRequest("The request body is larger than " + limit + " bytes");
    }

    static Input parse(byte[] body) {
        if (body.length == 0) {
            return Input.of(JsonNodeFactory.instance.objectNode());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ServiceException.notJson("The request body is not valid JSON: " + JsonSyntax.problem(body, e), e);
        }
        return Input.of(root == null || root.isMissingNode() ? JsonNodeFactory.instance.objectNode() : root);
    }

    static List<String> headerValues(Request request, String name) {
        List<String> values = null;
        for (HttpField field : request.getHeaders()) {
            if (field.getName().equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(1);
                }
                values.add(field.getValue());
            }
        }
        return values;
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new HashMap<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = SigV4Verifier.percentDecode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : SigV4Verifier.percentDecode(part.substring(eq + 1));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static Reply serviceError(ServiceException e) {
        ErrorType type = e.type();
        Reply reply = Reply.error(type.httpStatus(), type.awsName(), "Message", e.getMessage());
        if (type == ErrorType.ALREADY_EXISTS) {
            reply.body().put("Arn", e.arn()).put("CreatorRequestId", e.creatorRequestId());
        }
        return reply;
    }

    /** Where a request stands: routed to an operation, or answered. */
    private sealed interface Outcome permits Routed, Reply {
    }

    /** A call to run, with the reading of the identity catalog that authorised it (the thread may differ). */
    private record Routed(Operation operation, ApiCall call, CachedIdentityCatalog.Reading identities)
            implements Outcome {
        Reply invoke() {
            JsonOut out = identities.call(() -> Actor.as(call.caller().principalArn(), () -> operation.handle(call)));
            return new Reply(SUCCESS_STATUS.getOrDefault(call.operation(), 200), null,
                    out == null ? JsonOut.object() : out);
        }
    }

    /** A response: status, AWS error type (null on success) and JSON body. */
    private record Reply(int status, String errorType, JsonOut body) implements Outcome {
        static Reply error(int status, String type, String messageMember, String message) {
            JsonOut body = JsonOut.object().put("__type", type);
            if (!"message".equals(messageMember)) {
                body.put("Code", type);
            }
            return new Reply(status, type, body.put(messageMember, message));
        }
    }
}
