package dev.hokan.store.blob;

import java.io.IOException;

/** One call to a store, as the decorators pass it on. */
@FunctionalInterface
interface StoreCall<T> {
    T run() throws IOException;
}
