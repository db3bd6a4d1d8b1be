package dev.hokan.store.blob;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Passes every call to another store; test doubles extend it and change the calls they are about. */
public class ForwardingBlobStore implements BlobStore {
    private final BlobStore store;

    public ForwardingBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        store.put(key, data);
    }

    @Override
    public BlobWriter create(String key) throws IOException {
        return store.create(key);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return store.putIfAbsent(key, data);
    }

    @Override
    public byte[] get(String key) throws IOException {
        return store.get(key);
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return store.get(key, offset, length);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        return store.children(prefix);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return store.delete(key);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        return store.stat(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
