package dev.hokan.engine.report;

import dev.hokan.storage.s3.S3Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where report jobs write their reports: a bucket of an S3-compatible service, or a directory standing for one. */
public interface ReportStorage {
    /** Writes one report object, replacing any of that key. */
    void put(String bucket, String key, byte[] content) throws IOException;

    /** The S3 service {@code settings} reach, when given, else the directory {@code root} (one directory per bucket). */
    static ReportStorage of(Optional<S3Settings> settings, Path root) {
        return settings.<ReportStorage>map(S3ReportStorage::new).orElseGet(() -> new LocalReportStorage(root));
    }
}
