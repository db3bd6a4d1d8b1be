package dev.hokan.store.parts;

import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.crypto.KeySealer;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a vault describes itself, so it can be used with nothing but its storage and the master key:
 * a plain-text {@code hokan-vault} marker (format, vault ID, which master key), the wrapped vault keys
 * under {@code keys/}, and the sealed {@code config} with the chunking parameters and pack size.
 */
public record VaultConfig(String vaultId, ChunkerParams chunking, long packSize) {
    public static final String MARKER = "hokan-vault";
    public static final long DEFAULT_PACK_SIZE = 32L * 1024 * 1024;
    private static final String KEY = "keys/vault";
    private static final String CONFIG = "config";
    private static final int FORMAT = 1;
    private static final byte[] CONFIG_CONTEXT = "config".getBytes(StandardCharsets.US_ASCII);

    public record Opened(VaultConfig config, VaultKeys keys) {
    }

    /** The objects every use of the vault reads first: its marker, its sealed keys and its config. */
    public static List<String> keys() {
        return List.of(MARKER, KEY, CONFIG);
    }

    public static Opened create(BlobStore store, KeySealer master, ChunkerParams chunking, long packSize) throws IOException {
        if (store.stat(MARKER).isPresent()) {
            throw new IOException("a vault already exists at " + store.describe());
        }
        VaultConfig config = new VaultConfig(ObjectId.random().hex(), chunking, packSize);
        VaultKeys.Generated generated = VaultKeys.generate(master);
        store.put(KEY, generated.wrapped());
        Encoder encoded = new Encoder().u8(FORMAT).string(config.vaultId)
                .varlong(chunking.min()).varlong(chunking.average()).varlong(chunking.max()).varlong(packSize);
        store.put(CONFIG, generated.keys().sealer().seal(encoded.toBytes(), CONFIG_CONTEXT));
        // The marker goes last: a vault whose creation was interrupted is not mistaken for a usable one.
        String marker = "format: hokan-vault/" + FORMAT + "\nvault-id: " + config.vaultId
                + "\nmaster-key: " + master.fingerprint()
                + "\nencryption: AES-256-GCM, chunk ids HMAC-SHA-256, compression zstd\n";
        store.put(MARKER, marker.getBytes(StandardCharsets.UTF_8));
        return new Opened(config, generated.keys());
    }

    /** The fingerprint of the key that seals the vault's keys, as its marker records it (early vaults did not). */
    public static Optional<String> sealedUnder(BlobStore store) throws IOException {
        return Optional.ofNullable(marker(store).get("master-key"));
    }

    private static Map<String, String> marker(BlobStore store) throws IOException {
        try {
            return parseMarker(new String(store.get(MARKER), StandardCharsets.UTF_8));
        } catch (NoSuchBlobException e) {
            throw new IOException("no Hokan vault at " + store.describe());
        }
    }

    public static Opened open(BlobStore store, KeySealer master) throws IOException {
        Map<String, String> marker = marker(store);
        if (!("hokan-vault/" + FORMAT).equals(marker.get("format"))) {
            throw new IOException("unsupported vault format " + marker.get("format") + " at " + store.describe());
        }
        String expected = marker.get("master-key");
        if (expected != null && !master.answersTo(expected)) {
            throw new IOException("the vault at " + store.describe() + " belongs to master key " + expected
                    + ", not to the given key " + master.fingerprint());
        }
        VaultKeys keys = VaultKeys.unwrap(master, store.get(KEY));
        Decoder in = new Decoder(keys.sealer().open(store.get(CONFIG), CONFIG_CONTEXT, "vault config"), "vault config");
        if (in.u8() != FORMAT) {
            throw new IOException("unsupported vault config format at " + store.describe());
        }
        String id = in.string();
        ChunkerParams chunking = new ChunkerParams(in.varint(), in.varint(), in.varint());
        return new Opened(new VaultConfig(id, chunking, in.varlong()), keys);
    }

    /**
     * Seals the vault's keys under {@code to} instead of {@code from} (which opens them): the keys first, then the
     * marker, each replaced whole, so that a key answering to both opens the vault whenever it is read.
     */
    public static void reseal(BlobStore store, KeySealer from, KeySealer to) throws IOException {
        byte[] marker = store.get(MARKER);
        store.put(KEY, VaultKeys.rewrap(from, to, store.get(KEY)));
        List<String> lines = new ArrayList<>();
        boolean named = false;
        for (String line : new String(marker, StandardCharsets.UTF_8).split("\n")) {
            boolean masterKeyLine = line.startsWith("master-key:");
            lines.add(masterKeyLine ? "master-key: " + to.fingerprint() : line);
            named |= masterKeyLine;
        }
        if (!named) {
            lines.add("master-key: " + to.fingerprint());
        }
        store.put(MARKER, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> parseMarker(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : List.of(text.split("\n"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return values;
    }
}
