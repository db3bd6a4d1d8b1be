package dev.hokan.store.blob;

import dev.hokan.store.testing.BlobStoreContract;
import dev.hokan.store.testing.InMemoryBlobStore;

class InMemoryBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
        return new InMemoryBlobStore();
    }
}
