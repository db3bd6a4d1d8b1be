package dev.hokan.store.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The key that wraps every vault's data key. It never enters a vault: losing it makes the vaults
 * unreadable, and a copy of vault storage without it reveals nothing.
 *
 * <p>A rotation writes its successor whole to {@code FILE.next} before sealing anything under it, then seals every
 * secret again under the successor, and ends by renaming {@code FILE.next} over {@code FILE}. Until then a key loaded
 * from {@code FILE} also opens what its successor sealed, so whatever a rotation was interrupted by, every secret
 * opens with the key file as it is.
 */
public final class MasterKey implements KeySealer {
    private static final String FILE_HEADER = "hokan-master-key-v1 ";
    private static final String SUCCESSOR_SUFFIX = ".next";
    private final byte[] material;
    private final Sealer sealer;
    private final String fingerprint;
    /** The key a rotation in progress moves to, or null. */
    private final MasterKey successor;

    private MasterKey(byte[] key, MasterKey successor) {
        this.material = key.clone();
        this.sealer = new Sealer(key);
        this.fingerprint = fingerprintOf(key);
        this.successor = successor;
    }

    public static MasterKey generate() {
        return new MasterKey(Sealer.randomBytes(32), null);
    }

    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    /** The key of {@code file}, which also opens what a rotation in progress sealed under its successor. */
    public static MasterKey load(Path file) throws IOException {
        MasterKey key = loadAlone(file);
        Path next = successorFile(file);
        return Files.exists(next) ? new MasterKey(key.material, loadAlone(next)) : key;
    }

    private static MasterKey loadAlone(Path file) throws IOException {
        // any bytes decode in ISO-8859-1: a file that is not a key file, binary ones too, fails on its header
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
        if (!text.startsWith(FILE_HEADER)) {
            throw new IOException(file + " is not a Hokan master key file (one line starting '" + FILE_HEADER.strip()
                    + "', as `hokan vault init` and the server write it)");
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
        String content = key.fileContent();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return load(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        return key;
    }

    /** Where a rotation keeps the successor of the key in {@code file} until it replaces it. */
    public static Path successorFile(Path file) {
        return file.resolveSibling(file.getFileName() + SUCCESSOR_SUFFIX);
    }

    /**
     * The key a rotation of the key in {@code file} moves to: the one an interrupted rotation left, or a new one,
     * written (0600, synced) to a temporary file renamed into {@link #successorFile} before anything is sealed under it.
     */
    public static MasterKey successorOf(Path file) throws IOException {
        Path next = successorFile(file);
        if (Files.exists(next)) {
            return loadAlone(next);
        }
        MasterKey key = generate();
        Path temporary = file.resolveSibling(file.getFileName() + SUCCESSOR_SUFFIX + ".tmp");
        Files.deleteIfExists(temporary);
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rw-------")))) {
            channel.write(ByteBuffer.wrap(key.fileContent().getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, next, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(next);
        return key;
    }

    /**
     * Ends the rotation of the key in {@code file}: its successor is renamed over it, in one step, once every secret
     * is sealed under the successor; the replaced key is gone from the file system.
     */
    public static void promoteSuccessor(Path file) throws IOException {
        Files.move(successorFile(file), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file);
    }

    private static void syncDirectory(Path file) throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private String fileContent() {
        return FILE_HEADER + Base64.getEncoder().encodeToString(material) + "\n";
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
        return new MasterKey(raw, null);
    }

    /** A short public name of the key, so that a wrong key gets a clear message instead of a decryption failure. */
    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean answersTo(String fingerprint) {
        return this.fingerprint.equals(fingerprint) || successor != null && successor.fingerprint.equals(fingerprint);
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
        try {
            return sealer.open(wrapped, context, what);
        } catch (TamperedDataException e) {
            if (successor == null) {
                throw e;
            }
            return successor.unwrap(wrapped, context, what);
        }
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
