package dev.hokan.api;

import dev.hokan.catalog.CatalogException;
import dev.hokan.engine.Actor;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.notification.NotificationChannels;
import dev.hokan.engine.notification.TopicService;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The SNS endpoint on the server's port, in SNS's Query protocol: a form-encoded POST to {@code /} naming its
 * {@code Action}, signed with SigV4 for the service {@code sns}, answered in XML, errors in SNS's
 * {@code ErrorResponse}. It also serves what delivered messages link to, unsigned as on SNS: the signing
 * certificate, and the {@code ?Action=ConfirmSubscription&TopicArn=...&Token=...} and
 * {@code ?Action=Unsubscribe&SubscriptionArn=...} links (the token, and the subscription's random ID, are the
 * proof). Any other request is left to the next handler. Deciding costs nothing, so the API's cheap operations
 * still run on the network thread; the SNS requests themselves go to a worker.
 */
final class SnsHandler extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = Logger.getLogger(SnsHandler.class.getName());
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Deployment deployment;
    private final SigV4Verifier verifier;
    private final SnsOperations operations;

    SnsHandler(Deployment deployment, SigV4Verifier verifier, ApiAccess access) {
        this.deployment = deployment;
        this.verifier = verifier;
        this.operations = new SnsOperations(deployment, access);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Map<String, List<String>> query = ApiHandler.parseQuery(request.getHttpURI().getQuery());
        String requestId = UUID.randomUUID().toString();
        if (HttpMethod.GET.is(method) && path.equals(NotificationChannels.CERTIFICATE_PATH)) {
            send(response, callback, 200, "application/x-pem-file", requestId,
                    deployment.notifications().signingKey().certificatePem());
        } else if (HttpMethod.GET.is(method) && path.equals("/") && query.containsKey("Action")) {
            getServer().getThreadPool().execute(() -> answer(response, callback, requestId,
                    () -> link(new Query(query))));
        } else if (HttpMethod.POST.is(method) && path.equals("/") && isForm(request)) {
            getServer().getThreadPool().execute(() -> answer(response, callback, requestId,
                    () -> action(request)));
        } else {
            return false;
        }
        return true;
    }

    private static boolean isForm(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM);
    }

    private interface Answer {
        Reply run() throws AuthException, IOException;
    }

    private record Reply(String action, SnsXml result) {
    }

    /** An Action SNS does not have, or Hokan does not serve. */
    private static final class InvalidAction extends RuntimeException {
        InvalidAction(String message) {
            super(message, null, false, false);
        }
    }

    private void answer(Response response, Callback callback, String requestId, Answer answer) {
        try {
            Reply reply = answer.run();
            send(response, callback, 200, "text/xml", requestId, SnsXml.response(reply.action(), requestId,
                    reply.result()));
        } catch (AuthException e) {
            error(response, callback, requestId, 403, true, authCode(e.errorType()), e.getMessage());
        } catch (InvalidAction e) {
            error(response, callback, requestId, 400, true, "InvalidAction", e.getMessage());
        } catch (ServiceException e) {
            error(response, callback, requestId, status(e.type()), !e.type().serverFault(), code(e.type()),
                    e.getMessage());
        } catch (CatalogException e) {
            LOG.log(Level.SEVERE, "SNS request " + requestId + ": catalog failure", e);
            error(response, callback, requestId, 500, false, "InternalError", "The catalog database failed; nothing"
                    + " was changed (request " + requestId + ")");
        } catch (IOException e) {
            error(response, callback, requestId, 400, true, "InvalidParameter", "The request body could not be read: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "SNS request " + requestId + " failed", e);
            error(response, callback, requestId, 500, false, "InternalError", "Internal error; the server log has"
                    + " the details under request " + requestId);
        }
    }

    /**
     * A signed action: read the form, then, with the identity catalog read once for the whole action, check the
     * signature, authorise and run it as the caller.
     */
    private Reply action(Request request) throws AuthException, IOException {
        byte[] body = ApiHandler.readBody(request, ApiHandler.MAX_BODY_BYTES);
        String rawQuery = request.getHttpURI().getQuery();
        SignedRequest signed = new SignedRequest(request.getMethod(), request.getHttpURI().getPath(), rawQuery,
                name -> ApiHandler.headerValues(request, name), body);
        return deployment.identities().reading().call(() -> action(request, signed));
    }

    private Reply action(Request request, SignedRequest signed) throws AuthException {
        String rawQuery = signed.rawQuery();
        byte[] body = signed.body();
        SigV4Verifier.Verified verified = verifier.verify(signed, Instant.now());
        Map<String, List<String>> params = new HashMap<>(ApiHandler.parseQuery(rawQuery));
        ApiHandler.parseQuery(new String(body, StandardCharsets.UTF_8).replace("+", "%20"))
                .forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        String action = new Query(params).string("Action");
        SnsOperations.Action operation = action == null ? null : operations.find(action);
        if (operation == null) {
            throw new InvalidAction("The action " + action + " is not valid for this endpoint.");
        }
        ApiCall call = new ApiCall(action, Map.of(), new Query(params), Input.of(JsonNodeFactory.instance.objectNode()),
                null, verified.caller(), verified.region(), ApiHandler.connection(request));
        return new Reply(action, Actor.as(verified.caller().principalArn(), () -> operation.run(call)));
    }

    /** The links delivered messages carry, which their readers follow without signing. */
    private Reply link(Query query) {
        String action = query.string("Action");
        return switch (action) {
            case "ConfirmSubscription" -> {
                String topicArn = required(query, "TopicArn");
                yield new Reply(action, new SnsXml().element("SubscriptionArn", topics(topicArn)
                        .confirmSubscription(topicArn, required(query, "Token"))));
            }
            case "Unsubscribe" -> {
                String subscriptionArn = required(query, "SubscriptionArn");
                topics(subscriptionArn).unsubscribe(subscriptionArn);
                yield new Reply(action, null);
            }
            default -> throw ServiceException.invalidParameter("Only ConfirmSubscription and Unsubscribe links are"
                    + " served unsigned; sign the request to call " + action);
        };
    }

    private TopicService topics(String arn) {
        Arn parsed = Arn.require("TopicArn", arn);
        try {
            return deployment.cell(parsed.account(), parsed.region()).topics();
        } catch (ServiceException e) {
            throw ServiceException.notFound("Topic does not exist");
        }
    }

    private static String required(Query query, String member) {
        String value = query.string(member);
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalidParameter("Invalid parameter: " + member);
        }
        return value;
    }

    /** SNS's error codes for Hokan's error types. */
    private static String code(ErrorType type) {
        return switch (type) {
            case RESOURCE_NOT_FOUND -> "NotFound";
            case ACCESS_DENIED -> "AuthorizationError";
            case LIMIT_EXCEEDED -> "TopicLimitExceeded";
            case DEPENDENCY_FAILURE, SERVICE_UNAVAILABLE -> "InternalError";
            default -> "InvalidParameter";
        };
    }

    private static int status(ErrorType type) {
        return type == ErrorType.RESOURCE_NOT_FOUND ? 404 : type.httpStatus();
    }

    /** The Query protocol's names of the signature failures. */
    private static String authCode(String restJsonType) {
        return switch (restJsonType) {
            case "InvalidSignatureException" -> "SignatureDoesNotMatch";
            case "UnrecognizedClientException" -> "InvalidClientTokenId";
            case "IncompleteSignatureException" -> "IncompleteSignature";
            default -> "MissingAuthenticationToken";
        };
    }

    private static void error(Response response, Callback callback, String requestId, int status,
                              boolean senderFault, String code, String message) {
        send(response, callback, status, "text/xml", requestId, SnsXml.error(senderFault, code, message, requestId));
    }

    private static void send(Response response, Callback callback, int status, String contentType, String requestId,
                             String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
