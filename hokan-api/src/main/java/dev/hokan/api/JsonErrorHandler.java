package dev.hokan.api;

import dev.hokan.engine.ErrorType;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers requests that Jetty refuses before they reach the API (malformed HTTP or URIs) in the AWS error shape
 * instead of an HTML page, and never with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String type = errorType(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("x-amzn-ErrorType", type);
        response.write(true, ByteBuffer.wrap(body(type, code, message)), callback);
    }

    private static String errorType(int status) {
        return status >= 500 ? ErrorType.SERVICE_UNAVAILABLE.awsName() : ErrorType.INVALID_REQUEST.awsName();
    }

    private static byte[] body(String type, int status, String reason) {
        return JsonOut.object()
                .put("__type", type)
                .put("Code", type)
                .put("Message", "The HTTP request was refused (" + status + ")"
                        + (reason == null || reason.isBlank() ? "" : ": " + reason))
                .toJson();
    }
}
