package dev.hokan.engine.vault;

import dev.hokan.storage.s3.S3Settings;
import dev.hokan.storage.s3.S3StorageProvider;
import dev.hokan.store.blob.LocalStorageProvider;
import dev.hokan.store.blob.StorageProviders;

/** Every storage backend Hokan has, one line each; the engine is the lowest module that sees them all. */
public final class StorageBackends {
    private StorageBackends() {
    }

    /** The backends, S3 reaching the service {@code s3} names. */
    public static StorageProviders standard(S3Settings s3) {
        return StorageProviders.of(
                new LocalStorageProvider(),
                new S3StorageProvider(s3));
    }
}
