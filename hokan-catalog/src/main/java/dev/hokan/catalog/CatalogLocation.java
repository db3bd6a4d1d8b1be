package dev.hokan.catalog;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a deployment keeps its catalogs: {@link Embedded}, SQLite files in its data directory (one per cell, and
 * {@code directory.db}), or {@link Postgres}, one PostgreSQL database shared by every node.
 */
public sealed interface CatalogLocation {
    CatalogLocation EMBEDDED = new Embedded();

    /** SQLite files in the data directory. */
    record Embedded() implements CatalogLocation {
    }

    /**
     * A PostgreSQL database, {@code postgresql://USER@HOST:PORT/DB}; the password comes from elsewhere (a file), so
     * that it is neither in a URL that process listings and logs show nor in the catalog.
     */
    record Postgres(String host, int port, String database, String user, String password) implements CatalogLocation {
        public static final int DEFAULT_PORT = 5432;

        /** The location {@code url} names, with {@code password} (null: none, as with trust or peer authentication). */
        public static Postgres parse(String url, String password) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Not a catalog URL: " + url + " (" + e.getReason() + ")");
            }
            if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() == null
                    || uri.getPath() == null || uri.getPath().length() < 2 || uri.getPath().indexOf('/', 1) >= 0
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("A catalog URL is postgresql://USER@HOST:PORT/DATABASE, not " + url);
            }
            if (uri.getRawUserInfo().contains(":")) {
                throw new IllegalArgumentException("A catalog URL takes no password; give it in a file with"
                        + " --catalog-password-file");
            }
            return new Postgres(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), uri.getPath().substring(1),
                    uri.getUserInfo(), password);
        }

        /** The URL, which carries no password. */
        public String url() {
            return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return url();
        }
    }
}
