package dev.hokan.engine.resource;

import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.util.Optional;

/** Where one restore writes, once its kind has checked it. */
@FunctionalInterface
public interface RestoreTarget {
    /** Makes the target ready (a directory that does not exist yet is created) and opens the sink the restore fills. */
    RestoreSink<?> open() throws IOException;

    /**
     * The resource a completed restore made, which the restore job names as its CreatedResourceArn; none when what it
     * made is nothing Hokan can address as a resource.
     */
    default Optional<RestoredResource> restored() {
        return Optional.empty();
    }
}
