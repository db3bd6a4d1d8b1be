package dev.hokan.cli;

import dev.hokan.catalog.CatalogLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The password of a PostgreSQL catalog, read from a file so that it shows in no command line, URL or catalog. */
final class CatalogOptions {
    @Option(names = "--catalog-password-file", paramLabel = "FILE",
            description = "File whose first line is the password of the PostgreSQL catalog's user (default: none,"
                    + " as with trust or peer authentication).")
    Path passwordFile;

    /** The PostgreSQL database {@code url} names, with the password of the file if one was given. */
    CatalogLocation.Postgres postgres(String url) {
        return CatalogLocation.Postgres.parse(url, passwordFile == null ? null : password(passwordFile));
    }

    private static String password(Path file) {
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("The catalog password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the catalog password file " + file, e);
        }
    }
}
