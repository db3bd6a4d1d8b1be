package dev.hokan.store;

import java.io.FileNotFoundException;

public final class NoSuchSnapshotException extends FileNotFoundException {
    public NoSuchSnapshotException(String id) {
        super("no recovery point " + id + " in this vault");
    }
}
