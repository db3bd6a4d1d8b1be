package dev.hokan.store.blob;

import java.io.IOException;
import java.net.URI;

/** A kind of storage vaults can live on, addressed by the scheme of its URIs. Registered in {@link StorageProviders}. */
public interface StorageProvider {

    /** The URI scheme this provider serves, such as {@code file}. */
    String scheme();

    /** The store at the location; what opening needs to create there, it creates. */
    BlobStore open(URI location) throws IOException;

    /** Whether anything is stored at the location; asking creates nothing. */
    boolean exists(URI location) throws IOException;
}
