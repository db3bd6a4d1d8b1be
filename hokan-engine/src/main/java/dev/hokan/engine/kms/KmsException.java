package dev.hokan.engine.kms;

/** A KMS request Hokan refuses, with KMS's error type and a message a person can act on. */
public final class KmsException extends RuntimeException {
    private final KmsError error;

    public KmsException(KmsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public KmsError error() {
        return error;
    }

    static KmsException notFound(String message) {
        return new KmsException(KmsError.NOT_FOUND, message);
    }

    static KmsException validation(String message) {
        return new KmsException(KmsError.VALIDATION, message);
    }

    static KmsException invalidState(String message) {
        return new KmsException(KmsError.INVALID_STATE, message);
    }
}
