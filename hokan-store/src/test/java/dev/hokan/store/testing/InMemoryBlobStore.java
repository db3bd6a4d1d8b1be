package dev.hokan.store.testing;

import dev.hokan.store.blob.BlobInfo;
import dev.hokan.store.blob.BlobKeys;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.blob.NoSuchBlobException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A blob store in memory: the smallest complete backend, for tests here and in other modules (test jar). Objects are
 * copied in and out, so callers can reuse their arrays as they may with any store.
 */
public final class InMemoryBlobStore implements BlobStore {
    private record Stored(byte[] data, Instant modified) {
        BlobInfo info(String key) {
            return new BlobInfo(key, data.length, modified);
        }
    }

    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, byte[] data) {
        objects.put(BlobKeys.requireValid(key), stored(data));
    }

    private static Stored stored(byte[] data) {
        return new Stored(data.clone(), Instant.now());
    }

    @Override
    public BlobWriter create(String key) {
        BlobKeys.requireValid(key);
        return new BlobWriter() {
            private final ByteArrayOutputStream written = new ByteArrayOutputStream();

            @Override
            public void write(byte[] data, int offset, int length) {
                written.write(data, offset, length);
            }

            @Override
            public long size() {
                return written.size();
            }

            @Override
            public void commit() {
                put(key, written.toByteArray());
            }

            @Override
            public void close() {
                written.reset();
            }
        };
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return objects.putIfAbsent(BlobKeys.requireValid(key), stored(data)) == null;
    }

    @Override
    public byte[] get(String key) throws IOException {
        return existing(key).data().clone();
    }

    private Stored existing(String key) throws NoSuchBlobException {
        Stored stored = objects.get(BlobKeys.requireValid(key));
        if (stored == null) {
            throw new NoSuchBlobException(key);
        }
        return stored;
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        byte[] data = existing(key).data();
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IOException("range " + offset + "+" + length + " is outside " + key + " (" + data.length + " bytes)");
        }
        return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        return objects.tailMap(prefix).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().info(e.getKey())).toList();
    }

    @Override
    public List<String> children(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("not a directory prefix: " + prefix);
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (BlobInfo info : list(prefix)) {
            String rest = info.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash));
        }
        return List.copyOf(names);
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(BlobKeys.requireValid(key)) != null;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return Optional.ofNullable(objects.get(BlobKeys.requireValid(key))).map(stored -> stored.info(key));
    }

    @Override
    public String describe() {
        return "memory";
    }
}
