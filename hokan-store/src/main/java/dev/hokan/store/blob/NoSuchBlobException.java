package dev.hokan.store.blob;

import java.io.FileNotFoundException;

public final class NoSuchBlobException extends FileNotFoundException {
    public NoSuchBlobException(String key) {
        super("no such object: " + key);
    }
}
