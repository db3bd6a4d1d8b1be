package dev.hokan.store.snapshot;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Small sealed documents that whoever uses the vault keeps beside its snapshots, under {@code notes/NAME}: what the
 * vault's user knows of them beyond their manifests. Unlike a manifest a note can be replaced, in one put, so a
 * reader sees the whole old note or the whole new one.
 */
public final class Notes {
    private static final String PREFIX = "notes/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private final BlobStore store;
    private final Sealer sealer;

    public Notes(BlobStore store, Sealer sealer) {
        this.store = store;
        this.sealer = sealer;
    }

    private static String key(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A note's name is 1 to 200 letters, digits, '.', '_' or '-',"
                    + " beginning with a letter or digit: " + name);
        }
        return PREFIX + name;
    }

    private static byte[] context(String name) {
        return ("note:" + name).getBytes(StandardCharsets.US_ASCII);
    }

    public void put(String name, byte[] content) throws IOException {
        store.put(key(name), sealer.seal(content, context(name)));
    }

    public Optional<byte[]> get(String name) throws IOException {
        try {
            return Optional.of(sealer.open(store.get(key(name)), context(name), "note " + name));
        } catch (NoSuchBlobException e) {
            return Optional.empty();
        }
    }

    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (var info : store.list(PREFIX)) {
            String name = info.key().substring(PREFIX.length());
            if (NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }

    public boolean delete(String name) throws IOException {
        return store.delete(key(name));
    }
}
