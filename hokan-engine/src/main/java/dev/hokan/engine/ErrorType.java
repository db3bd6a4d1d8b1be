package dev.hokan.engine;

/** The AWS Backup error types Hokan reports; {@code serverFault} marks the ones clients may retry. */
public enum ErrorType {
    INVALID_PARAMETER_VALUE("InvalidParameterValueException", false),
    ACCESS_DENIED("AccessDeniedException", false),
    MISSING_PARAMETER_VALUE("MissingParameterValueException", false),
    INVALID_REQUEST("InvalidRequestException", false),
    /** A body that is not JSON at all, as AWS front ends answer it. */
    SERIALIZATION("SerializationException", false),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", false),
    ALREADY_EXISTS("AlreadyExistsException", false),
    INVALID_RESOURCE_STATE("InvalidResourceStateException", false),
    LIMIT_EXCEEDED("LimitExceededException", false),
    DEPENDENCY_FAILURE("DependencyFailureException", true),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", true);

    private final String awsName;
    private final boolean serverFault;

    ErrorType(String awsName, boolean serverFault) {
        this.awsName = awsName;
        this.serverFault = serverFault;
    }

    public String awsName() {
        return awsName;
    }

    public boolean serverFault() {
        return serverFault;
    }

    /** The HTTP status AWS answers with. */
    public int httpStatus() {
        return this == ACCESS_DENIED ? 403 : serverFault ? 500 : 400;
    }
}
