package dev.hokan.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A random 128-bit name for objects that are not addressed by content: packs, index files, snapshots, sessions. */
public record ObjectId(long hi, long lo) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ObjectId random() {
        return new ObjectId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    public static ObjectId parse(String hex) {
        if (hex.length() != 32 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException("not a valid id: " + hex);
        }
        return new ObjectId(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    public static boolean isValid(String hex) {
        try {
            parse(hex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String hex() {
        return HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
    }

    @Override
    public String toString() {
        return hex();
    }
}
