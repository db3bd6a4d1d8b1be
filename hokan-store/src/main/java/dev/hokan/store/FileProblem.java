package dev.hokan.store;

/** A file a backup could not store faithfully, with why; path is relative to the backed-up directory. */
public record FileProblem(String path, String reason) {
    /** A file stored although it changed while it was read, and again while it was read once more. */
    public static FileProblem inconsistent(String path) {
        return new FileProblem(path, "changed while being read, and again when read once more; the stored copy may be"
                + " inconsistent");
    }
}
