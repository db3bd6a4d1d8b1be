package dev.hokan.store;

/** A file a backup could not store faithfully, with why; path is relative to the backed-up directory. */
public record FileProblem(String path, String reason) {
}
