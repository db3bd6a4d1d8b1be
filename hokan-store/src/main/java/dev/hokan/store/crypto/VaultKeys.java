package dev.hokan.store.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One vault's secrets: the data key that seals every stored object, the identity key for chunk IDs,
 * and the seed of the chunker's gear table (so chunk boundaries, too, are unpredictable without the key).
 * Stored in the vault only wrapped by its {@link KeySealer} (the master key, or a key of the server's key service).
 */
public final class VaultKeys {
    private static final byte[] WRAP_CONTEXT = "hokan-vault-keys-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int SIZE = 32 + 32 + 8;

    private final Sealer sealer;
    private final ChunkHasher hasher;
    private final long chunkerSeed;

    private VaultKeys(byte[] material) {
        ByteBuffer buffer = ByteBuffer.wrap(material);
        byte[] dataKey = new byte[32];
        byte[] identityKey = new byte[32];
        buffer.get(dataKey).get(identityKey);
        this.chunkerSeed = buffer.getLong();
        this.sealer = new Sealer(dataKey);
        this.hasher = new ChunkHasher(identityKey);
    }

    /** Fresh keys for a new vault, and their wrapped form to store in it. */
    public static Generated generate(KeySealer master) throws IOException {
        byte[] material = Sealer.randomBytes(SIZE);
        return new Generated(new VaultKeys(material), master.wrap(material, WRAP_CONTEXT));
    }

    public static VaultKeys unwrap(KeySealer master, byte[] wrapped) throws IOException {
        byte[] material = master.unwrap(wrapped, WRAP_CONTEXT, "vault key");
        if (material.length != SIZE) {
            throw new TamperedDataException("vault key has the wrong size");
        }
        return new VaultKeys(material);
    }

    /** The keys {@code wrapped} holds, opened with {@code from} and sealed again under {@code to}. */
    public static byte[] rewrap(KeySealer from, KeySealer to, byte[] wrapped) throws IOException {
        byte[] material = from.unwrap(wrapped, WRAP_CONTEXT, "vault key");
        if (material.length != SIZE) {
            throw new TamperedDataException("vault key has the wrong size");
        }
        return to.wrap(material, WRAP_CONTEXT);
    }

    public Sealer sealer() {
        return sealer;
    }

    public ChunkHasher hasher() {
        return hasher;
    }

    public long chunkerSeed() {
        return chunkerSeed;
    }

    public record Generated(VaultKeys keys, byte[] wrapped) {
    }
}
