package dev.hokan.storage.s3;

import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.blob.RetryableStorageException;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an S3 failure means to the vault: a missing object, a passing failure the same call may simply repeat (server
 * errors, throttling, the connection), or a refusal that repeating would not change.
 */
final class S3Failures {
    private static final Set<String> PASSING_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable",
            "OperationAborted", "ConditionalRequestConflict");

    private S3Failures() {
    }

    /** The failure of {@code what} (an operation and its key) as the store reports it. */
    static IOException of(String what, String key, SdkException failure) {
        if (failure instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (s3.statusCode() == 404 && key != null && !"NoSuchBucket".equals(code)) {
                return new NoSuchBlobException(key);
            }
            String message = what + " failed: HTTP " + s3.statusCode() + (code == null ? "" : " " + code)
                    + (s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null ? ""
                    : ": " + s3.awsErrorDetails().errorMessage());
            return passing(s3.statusCode(), code) ? new RetryableStorageException(message, failure)
                    : new IOException(message, failure);
        }
        if (failure instanceof SdkClientException) {
            return new RetryableStorageException(what + " failed: " + failure.getMessage(), failure);
        }
        return new IOException(what + " failed: " + failure.getMessage(), failure);
    }

    static boolean passing(int status, String code) {
        return status >= 500 && status != 501 || status == 429 || code != null && PASSING_CODES.contains(code);
    }

    /** Whether S3 answered with this error code. */
    static boolean hasCode(SdkException failure, String code) {
        return failure instanceof S3Exception s3 && s3.awsErrorDetails() != null
                && code.equals(s3.awsErrorDetails().errorCode());
    }

    /** Whether S3 answered with this HTTP status. */
    static boolean hasStatus(SdkException failure, int status) {
        return failure instanceof S3Exception s3 && s3.statusCode() == status;
    }
}
