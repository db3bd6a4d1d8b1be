package dev.hokan.api;

/** A request that failed authentication: answered 403 with this AWS error type. */
final class AuthException extends Exception {
    private final String errorType;

    AuthException(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    String errorType() {
        return errorType;
    }

    static AuthException missingToken() {
        return new AuthException("MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    static AuthException incomplete(String message) {
        return new AuthException("IncompleteSignatureException", message);
    }

    static AuthException invalidSignature(String message) {
        return new AuthException("InvalidSignatureException", message);
    }

    static AuthException unrecognizedClient() {
        return new AuthException("UnrecognizedClientException", "The security token included in the request is invalid.");
    }
}
