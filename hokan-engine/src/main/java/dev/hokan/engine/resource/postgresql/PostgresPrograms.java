package dev.hokan.engine.resource.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The PostgreSQL programs that work on a data directory: those of its major version. */
final class PostgresPrograms {
    private PostgresPrograms() {
    }

    /** {@code program} of the data directory's major version where Debian or the PGDG packages install it, else on the PATH. */
    static Path of(Path dataDirectory, String program) throws IOException {
        String major = Files.readString(dataDirectory.resolve("PG_VERSION")).strip();
        for (Path candidate : List.of(Path.of("/usr/lib/postgresql", major, "bin", program),
                Path.of("/usr/pgsql-" + major, "bin", program))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(program);
    }
}
