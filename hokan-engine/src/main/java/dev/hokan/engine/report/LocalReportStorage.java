package dev.hokan.engine.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reports as files: the object {@code KEY} of bucket {@code BUCKET} is the file {@code ROOT/BUCKET/KEY}. */
final class LocalReportStorage implements ReportStorage {
    private final Path root;

    LocalReportStorage(Path root) {
        this.root = root;
    }

    /** The bucket and key are checked names (ReportRules): no segment of them can leave the root. */
    @Override
    public void put(String bucket, String key, byte[] content) throws IOException {
        Path file = root.resolve(bucket).resolve(key);
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.write(partial, content);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
