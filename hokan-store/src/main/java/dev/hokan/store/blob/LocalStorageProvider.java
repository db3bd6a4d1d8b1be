package dev.hokan.store.blob;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Directories on a local file system: {@code file:} URIs. */
public final class LocalStorageProvider implements StorageProvider {

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public BlobStore open(URI location) throws IOException {
        return new LocalBlobStore(Path.of(location));
    }

    @Override
    public boolean exists(URI location) {
        return Files.isDirectory(Path.of(location));
    }
}
