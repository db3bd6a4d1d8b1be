package dev.hokan.store.crypto;

import java.io.IOException;

/** Stored bytes failed authentication: they were changed, damaged, or sealed with another key. */
public final class TamperedDataException extends IOException {
    public TamperedDataException(String message) {
        super(message);
    }
}
