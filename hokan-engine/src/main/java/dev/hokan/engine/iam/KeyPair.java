package dev.hokan.engine.iam;

import java.security.SecureRandom;

/** A new access key pair. {@link #toString()} never shows the secret. */
public record KeyPair(String accessKeyId, String secretAccessKey) {
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static KeyPair generate() {
        return new KeyPair("AKHK" + randomString(KEY_CHARS, 16), randomString(SECRET_CHARS, 40));
    }

    /** A new unique ID of an IAM user or role: its kind's prefix, then 17 random letters and digits. */
    static String uniqueId(String prefix) {
        return prefix + randomString(KEY_CHARS, 17);
    }

    private static String randomString(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "KeyPair[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
