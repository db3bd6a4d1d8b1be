package dev.hokan.store;

/** What a stored blob holds: file content or a directory tree. They live in separate packs. */
public enum BlobType {
    DATA, TREE;

    public static BlobType of(int code) {
        return code == 1 ? TREE : DATA;
    }

    public int code() {
        return ordinal();
    }
}
