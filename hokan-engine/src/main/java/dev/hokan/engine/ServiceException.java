package dev.hokan.engine;

/**
 * A request Hokan refuses or cannot complete, with the AWS error type and a message a person can act on.
 * {@code arn} and {@code creatorRequestId} describe the existing object for {@link ErrorType#ALREADY_EXISTS}.
 * One made from another exception keeps it as its cause, for the logs; the caller sees only the message.
 */
public final class ServiceException extends RuntimeException {
    private final ErrorType type;
    private final String arn;
    private final String creatorRequestId;

    private ServiceException(ErrorType type, String message, String arn, String creatorRequestId) {
        this(type, message, null, arn, creatorRequestId);
    }

    private ServiceException(ErrorType type, String message, Throwable cause, String arn, String creatorRequestId) {
        super(message, cause, false, false);
        this.type = type;
        this.arn = arn;
        this.creatorRequestId = creatorRequestId;
    }

    public ErrorType type() {
        return type;
    }

    public String arn() {
        return arn;
    }

    public String creatorRequestId() {
        return creatorRequestId;
    }

    public static ServiceException invalidParameter(String message) {
        return new ServiceException(ErrorType.INVALID_PARAMETER_VALUE, message, null, null);
    }

    public static ServiceException invalidParameter(String message, Throwable cause) {
        return new ServiceException(ErrorType.INVALID_PARAMETER_VALUE, message, cause, null, null);
    }

    public static ServiceException missingParameter(String member) {
        return new ServiceException(ErrorType.MISSING_PARAMETER_VALUE, "Missing required parameter " + member, null, null);
    }

    public static ServiceException invalidRequest(String message) {
        return new ServiceException(ErrorType.INVALID_REQUEST, message, null, null);
    }

    public static ServiceException invalidRequest(String message, Throwable cause) {
        return new ServiceException(ErrorType.INVALID_REQUEST, message, cause, null, null);
    }

    public static ServiceException notJson(String message) {
        return new ServiceException(ErrorType.SERIALIZATION, message, null, null);
    }

    public static ServiceException notJson(String message, Throwable cause) {
        return new ServiceException(ErrorType.SERIALIZATION, message, cause, null, null);
    }

    public static ServiceException accessDenied(String message) {
        return new ServiceException(ErrorType.ACCESS_DENIED, message, null, null);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(ErrorType.RESOURCE_NOT_FOUND, message, null, null);
    }

    public static ServiceException alreadyExists(String message, String arn, String creatorRequestId) {
        return new ServiceException(ErrorType.ALREADY_EXISTS, message, arn, creatorRequestId);
    }

    public static ServiceException invalidState(String message) {
        return new ServiceException(ErrorType.INVALID_RESOURCE_STATE, message, null, null);
    }

    public static ServiceException limitExceeded(String message) {
        return new ServiceException(ErrorType.LIMIT_EXCEEDED, message, null, null);
    }

    public static ServiceException dependencyFailure(String message) {
        return new ServiceException(ErrorType.DEPENDENCY_FAILURE, message, null, null);
    }

    public static ServiceException dependencyFailure(String message, Throwable cause) {
        return new ServiceException(ErrorType.DEPENDENCY_FAILURE, message, cause, null, null);
    }
}
