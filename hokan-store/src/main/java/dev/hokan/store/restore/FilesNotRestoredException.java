package dev.hokan.store.restore;

import java.io.IOException;

/**
 * Some files of a restore could not be restored. One whose content could not be read or verified is removed
 * under all its names. Names the first, counts the others; the cause is the first one's failure.
 */
public final class FilesNotRestoredException extends IOException {
    FilesNotRestoredException(String first, IOException failure, int count) {
        super(first + " not restored: " + failure.getMessage()
                + (count > 1 ? " (" + (count - 1) + " more not restored)" : ""), failure);
    }
}
