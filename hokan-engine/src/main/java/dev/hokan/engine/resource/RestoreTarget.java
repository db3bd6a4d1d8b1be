package dev.hokan.engine.resource;

import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;

/** Where one restore writes, once its kind has checked it. */
@FunctionalInterface
public interface RestoreTarget {
    /** Makes the target ready (a directory that does not exist yet is created) and opens the sink the restore fills. */
    RestoreSink<?> open() throws IOException;
}
