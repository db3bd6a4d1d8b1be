package dev.hokan.engine.iam;

import dev.hokan.engine.ServiceException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console passwords, kept only as PBKDF2-HMAC-SHA512 hashes with a random salt: {@code pbkdf2-sha512$ITERATIONS$SALT$HASH}
 * (Base64). The iteration count is OWASP's recommendation for this hash; it is kept in each hash, so raising it
 * later leaves the passwords set before it valid.
 */
final class ConsolePassword {
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;
    private static final String SCHEME = "pbkdf2-sha512";
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GENERATED_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private ConsolePassword() {
    }

    static String hash(String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw ServiceException.invalidParameter("Password must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return SCHEME + "$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, ITERATIONS));
    }

    static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME) || password == null) {
            return false;
        }
        Base64.Decoder base64 = Base64.getDecoder();
        return MessageDigest.isEqual(base64.decode(parts[3]),
                derive(password, base64.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    /** A random password of 20 letters and digits (about 117 bits), none of them easily confused. */
    static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length())));
        }
        return password.toString();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
