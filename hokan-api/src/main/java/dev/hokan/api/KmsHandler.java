package dev.hokan.api;

import dev.hokan.catalog.CatalogException;
import dev.hokan.engine.Actor;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.kms.KmsError;
import dev.hokan.engine.kms.KmsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
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

/**
 * The KMS endpoint on the server's port, in KMS's JSON 1.1 protocol: a POST to {@code /} whose
 * {@code X-Amz-Target} is {@code TrentService.ACTION}, signed with SigV4 for the service {@code kms}, answered in
 * JSON, errors as {@code {"__type": ..., "message": ...}}. Any other request is left to the next handler; the KMS
 * requests themselves run on a worker.
 */
final class KmsHandler extends Handler.Abstract.NonBlocking {
    private static final Logger LOG = Logger.getLogger(KmsHandler.class.getName());
    private static final String TARGET = "X-Amz-Target";
    private static final String TARGET_PREFIX = "TrentService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final SigV4Verifier verifier;
    private final KmsOperations operations;

    KmsHandler(Deployment deployment, SigV4Verifier verifier, ApiAccess access) {
        this.verifier = verifier;
        this.operations = new KmsOperations(deployment, access);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = request.getHeaders().get(TARGET);
        if (!HttpMethod.POST.is(request.getMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            return false;
        }
        String requestId = UUID.randomUUID().toString();
        getServer().getThreadPool().execute(() -> answer(request, response, callback, requestId,
                target.substring(TARGET_PREFIX.length())));
        return true;
    }

    private void answer(Request request, Response response, Callback callback, String requestId, String action) {
        try {
            send(response, callback, requestId, 200, run(request, action));
        } catch (AuthException e) {
            error(response, callback, requestId, 400, e.errorType(), e.getMessage());
        } catch (KmsException e) {
            error(response, callback, requestId, e.error().serverFault() ? 500 : 400, e.error().awsName(),
                    e.getMessage());
        } catch (ServiceException e) {
            error(response, callback, requestId, e.type().serverFault() ? 500 : 400, code(e.type()), e.getMessage());
        } catch (CatalogException e) {
            LOG.log(Level.SEVERE, "KMS request " + requestId + ": catalog failure", e);
            error(response, callback, requestId, 500, KmsError.INTERNAL.awsName(), "The catalog database failed;"
                    + " nothing was changed (request " + requestId + ")");
        } catch (IOException e) {
            error(response, callback, requestId, 400, "SerializationException", "The request body could not be"
                    + " read: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "KMS request " + requestId + " failed", e);
            error(response, callback, requestId, 500, KmsError.INTERNAL.awsName(), "Internal error; the server log"
                    + " has the details under request " + requestId);
        }
    }

    /** Checks the signature, then authorises and runs the action as the caller. */
    private JsonOut run(Request request, String action) throws AuthException, IOException {
        byte[] body = ApiHandler.readBody(request, ApiHandler.MAX_BODY_BYTES);
        SignedRequest signed = new SignedRequest(request.getMethod(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), name -> ApiHandler.headerValues(request, name), body);
        SigV4Verifier.Verified verified = verifier.verify(signed, Instant.now());
        KmsOperations.Action operation = operations.find(action);
        if (operation == null) {
            throw new KmsException(KmsError.UNSUPPORTED, "Hokan's key service does not serve " + action);
        }
        ApiCall call = new ApiCall(action, Map.of(), new Query(Map.of()), ApiHandler.parse(body), null,
                verified.caller(), verified.region(), ApiHandler.connection(request));
        return Actor.as(verified.caller().principalArn(), () -> operation.run(call));
    }

    /** KMS's names for the errors the policy engine and request parsing give. */
    private static String code(ErrorType type) {
        return switch (type) {
            case ACCESS_DENIED -> KmsError.ACCESS_DENIED.awsName();
            case RESOURCE_NOT_FOUND -> KmsError.NOT_FOUND.awsName();
            case SERIALIZATION -> type.awsName();
            case DEPENDENCY_FAILURE, SERVICE_UNAVAILABLE -> KmsError.INTERNAL.awsName();
            default -> KmsError.VALIDATION.awsName();
        };
    }

    private static void error(Response response, Callback callback, String requestId, int status, String type,
                              String message) {
        send(response, callback, requestId, status, JsonOut.object().put("__type", type).put("message", message));
    }

    private static void send(Response response, Callback callback, String requestId, int status, JsonOut body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.write(true, ByteBuffer.wrap(body.toJson()), callback);
    }
}
