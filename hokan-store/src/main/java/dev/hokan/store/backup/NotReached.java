package dev.hokan.store.backup;

import dev.hokan.store.FileProblem;

/**
 * Where a backup that was asked to finish early stopped. The walk visits each directory's entries in name order,
 * the order its trees list them, so what was left out is {@code firstPath} and everything after it in that order:
 * {@code entries} entries, a directory counting as one with everything under it.
 */
public record NotReached(String firstPath, long entries, String reason) {
    /** What was left out, e.g. {@code logs/b.txt and the 41 entries after it in name order (a directory counting as one)}. */
    public String leftOut() {
        return entries == 1 ? firstPath
                : firstPath + " and the " + (entries - 1) + " entries after it in name order (a directory counting as one)";
    }

    /** How a snapshot's manifest records it. */
    public FileProblem asProblem() {
        return new FileProblem(firstPath, reason + "; not backed up: " + leftOut());
    }
}
