package dev.hokan.store.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key that wraps every vault's data key. It never enters a vault: losing it makes the vaults
 * unreadable, and a copy of vault storage without it reveals nothing.
 */
public final class MasterKey implements KeySealer {
    private static final String FILE_HEADER = "hokan-master-key-v1 ";
    private final byte[] material;
    private final Sealer sealer;
    private final String fingerprint;

    private MasterKey(byte[] key) {
        this.material = key.clone();
        this.sealer = new Sealer(key);
        this.fingerprint = fingerprintOf(key);
    }

    public static MasterKey generate() {
        return new MasterKey(Sealer.randomBytes(32));
    }

    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    public static MasterKey load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(FILE_HEADER)) {
            throw new IOException(file + " is not a Hokan master key file");
        }
        return parse(text.substring(FILE_HEADER.length()), file.toString());
    }

    /** Reads the key from a base64 value, as given in the environment. */
    public static MasterKey fromBase64(String encoded, String source) throws IOException {
        return parse(encoded.strip(), source);
    }

    /** Loads the key file, creating it (mode 0600) with a fresh key when it does not exist. */
    public static MasterKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        MasterKey key = generate();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String content = FILE_HEADER + Base64.getEncoder().encodeToString(key.material) + "\n";
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return load(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        return key;
    }

    private static MasterKey parse(String encoded, String source) throws IOException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IOException("master key in " + source + " is not valid base64");
        }
        if (raw.length != 32) {
            throw new IOException("master key in " + source + " must be 32 bytes, found " + raw.length);
        }
        return new MasterKey(raw);
    }

    /** A short public name of the key, so that a wrong key gets a clear message instead of a decryption failure. */
    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** Seals a secret of the deployment's own (not a vault's, such as a signing key), bound to its {@code purpose}. */
    public byte[] seal(byte[] secret, String purpose) {
        return wrap(secret, purpose.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens what {@link #seal} sealed for the same {@code purpose}. */
    public byte[] open(byte[] sealed, String purpose) throws TamperedDataException {
        return unwrap(sealed, purpose.getBytes(StandardCharsets.UTF_8), purpose);
    }

    @Override
    public byte[] wrap(byte[] secret, byte[] context) {
        return sealer.seal(secret, context);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] context, String what) throws TamperedDataException {
        return sealer.open(wrapped, context, what);
    }

    private static String fingerprintOf(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("hokan-master-key-fingerprint".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
