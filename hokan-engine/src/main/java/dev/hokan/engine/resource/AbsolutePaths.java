package dev.hokan.engine.resource;

import dev.hokan.engine.ServiceException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The one rule for a host path a kind's settings or restore metadata give: valid, absolute, normalised. */
public final class AbsolutePaths {
    private AbsolutePaths() {
    }

    /** The absolute path given as the member {@code member}; refused when it is not one. */
    public static Path of(String member, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw ServiceException.invalidParameter(member + " " + value + " is not a valid path: " + e.getReason(), e);
        }
        if (!path.isAbsolute()) {
            throw ServiceException.invalidParameter(member + " " + value + " must be an absolute path");
        }
        return path.normalize();
    }
}
