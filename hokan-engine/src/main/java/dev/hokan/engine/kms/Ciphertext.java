package dev.hokan.engine.kms;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ciphertext blob as Encrypt and GenerateDataKey answer it: a magic and format byte, the ARN of the key and the
 * version of its material that sealed it (so Decrypt needs no KeyId, and a rotated key still opens what its older
 * versions sealed), then AES-256-GCM. The associated data binds the key, the version and the encryption context.
 */
record Ciphertext(String keyArn, int version, byte[] sealed) {
    private static final byte[] MAGIC = {'H', 'K', 'M', 'S', 1};
    private static final int MAX_ARN = 2048;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sealed.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeUTF(keyArn);
            out.writeInt(version);
            out.write(sealed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static Ciphertext decode(byte[] blob) {
        if (blob.length < MAGIC.length || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw invalid();
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(blob, MAGIC.length,
                blob.length - MAGIC.length))) {
            String arn = in.readUTF();
            if (arn.length() > MAX_ARN) {
                throw invalid();
            }
            int version = in.readInt();
            return new Ciphertext(arn, version, in.readAllBytes());
        } catch (IOException e) {
            throw invalid();
        }
    }

    /** What the seal is bound to besides the plaintext: the key, its version and the encryption context. */
    byte[] associatedData(Map<String, String> encryptionContext) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("hokan-kms-ciphertext-v1");
            out.writeUTF(keyArn);
            out.writeInt(version);
            for (Map.Entry<String, String> e : new TreeMap<>(encryptionContext).entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(value.length);
                out.write(value);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static KmsException invalid() {
        return new KmsException(KmsError.INVALID_CIPHERTEXT, "The ciphertext is not one this service made, was"
                + " changed, or does not match its encryption context");
    }
}
