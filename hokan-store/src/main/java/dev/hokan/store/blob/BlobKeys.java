package dev.hokan.store.blob;

/** The one rule for object keys, which every backend applies before touching storage. */
public final class BlobKeys {
    private BlobKeys() {
    }

    /** Returns the key if it is a relative '/'-separated name that cannot climb out of the store. */
    public static String requireValid(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid object key: " + key);
        }
        return key;
    }
}
