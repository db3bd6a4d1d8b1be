package dev.hokan.store.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per message: {@code nonce || ciphertext || tag}.
 * Random nonces keep the collision risk negligible below 2^32 messages per key, far above
 * the number of objects a vault writes under one key (100 million chunks is about 2^27).
 */
public final class Sealer {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;
    // The JDK's GCM encrypts at full speed only when fed in slices; one large doFinal stays slow.
    private static final int SLICE = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    // Nonces are drawn from the system's generator a few hundred at a time. Drawn one per seal, the JDK's
    // generator (reads of /dev/urandom mixed with SHA1PRNG) cost more to compile than to run: its C2
    // compilations took about 0.6 s of CPU in every short command (compile log).
    private static final int NONCES_PER_DRAW = 340;
    private static final ThreadLocal<ByteBuffer> NONCES = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private final SecretKey key;

    public Sealer(byte[] key256) {
        if (key256.length != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        this.key = new SecretKeySpec(key256, "AES");
    }

    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        return seal(plaintext, 0, plaintext.length, associatedData);
    }

    public byte[] seal(byte[] plaintext, int offset, int length, byte[] associatedData) {
        byte[] out = new byte[length + OVERHEAD];
        seal(plaintext, offset, length, associatedData, out);
        return out;
    }

    /** Seals into {@code out}, which must hold {@code length + OVERHEAD} bytes; returns the sealed length. */
    public int seal(byte[] plaintext, int offset, int length, byte[] associatedData, byte[] out) {
        nextNonce(out);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, out, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            int written = NONCE_BYTES;
            for (int position = 0; position < length; position += SLICE) {
                written += cipher.update(plaintext, offset + position, Math.min(SLICE, length - position), out, written);
            }
            return written + cipher.doFinal(out, written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws TamperedDataException when authentication fails; {@code what} names the object in the message */
    public byte[] open(byte[] sealed, byte[] associatedData, String what) throws TamperedDataException {
        byte[] out = new byte[Math.max(0, sealed.length - OVERHEAD)];
        int written = open(sealed, sealed.length, associatedData, what, out);
        return written == out.length ? out : Arrays.copyOf(out, written);
    }

    /**
     * Opens the first {@code sealedLength} bytes of {@code sealed} into {@code out}, which must hold
     * {@code sealedLength - OVERHEAD} bytes; returns the plaintext's length.
     */
    public int open(byte[] sealed, int sealedLength, byte[] associatedData, String what, byte[] out) throws TamperedDataException {
        if (sealedLength < OVERHEAD) {
            throw new TamperedDataException(what + " is truncated (" + sealedLength + " bytes)");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            // Decryption is fastest in one call: the JDK buffers sliced input until the tag is checked anyway.
            return cipher.doFinal(sealed, NONCE_BYTES, sealedLength - NONCE_BYTES, out, 0);
        } catch (AEADBadTagException e) {
            throw new TamperedDataException(what + " failed authentication: it was modified or damaged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    /** Writes a fresh random nonce at the start of {@code out}. */
    private static void nextNonce(byte[] out) {
        ByteBuffer nonces = NONCES.get();
        if (!nonces.hasRemaining()) {
            nonces = ByteBuffer.wrap(randomBytes(NONCES_PER_DRAW * NONCE_BYTES));
            NONCES.set(nonces);
        }
        nonces.get(out, 0, NONCE_BYTES);
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
