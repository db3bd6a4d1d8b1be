package dev.hokan.store.blob;

import java.io.IOException;

/**
 * A failure a backend knows to be passing (a throttled or timed-out request) and to have changed nothing, so the
 * same call may simply be made again. Only these are retried; local disk throws none.
 */
public class RetryableStorageException extends IOException {
    public RetryableStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
