package dev.hokan.engine.kms;

/** The KMS error types Hokan answers with, by KMS's names; {@code serverFault} marks the ones clients may retry. */
public enum KmsError {
    NOT_FOUND("NotFoundException", false),
    DISABLED("DisabledException", false),
    INVALID_STATE("KMSInvalidStateException", false),
    INVALID_CIPHERTEXT("InvalidCiphertextException", false),
    INCORRECT_KEY("IncorrectKeyException", false),
    ALREADY_EXISTS("AlreadyExistsException", false),
    INVALID_ALIAS_NAME("InvalidAliasNameException", false),
    INVALID_ARN("InvalidArnException", false),
    INVALID_GRANT_ID("InvalidGrantIdException", false),
    INVALID_MARKER("InvalidMarkerException", false),
    MALFORMED_POLICY("MalformedPolicyDocumentException", false),
    UNSUPPORTED("UnsupportedOperationException", false),
    VALIDATION("ValidationException", false),
    ACCESS_DENIED("AccessDeniedException", false),
    INTERNAL("KMSInternalException", true);

    private final String awsName;
    private final boolean serverFault;

    KmsError(String awsName, boolean serverFault) {
        this.awsName = awsName;
        this.serverFault = serverFault;
    }

    public String awsName() {
        return awsName;
    }

    public boolean serverFault() {
        return serverFault;
    }
}
