package dev.hokan.catalog;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.sql.PostgresPool;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The catalogs in one PostgreSQL database, each in a schema of its own, created on first use: {@code directory} for
 * the identity catalog and {@code cell_ACCOUNT_REGION} for each cell's. Separate schemas keep the tables, their SQL
 * and their migrations exactly those of the SQLite files (the connection's search_path picks the schema), keep a
 * cell one unit to migrate, copy or drop, and cost no cell column in every key and query. The nodes of a cluster
 * share the database; their writes are serializable transactions.
 */
public final class PostgresCatalogs implements Catalogs {
    public static final String DIRECTORY_SCHEMA = "directory";
    private static final String CELL_PREFIX = "cell_";

    private final PostgresPool pool;

    private PostgresCatalogs(PostgresPool pool) {
        this.pool = pool;
    }

    /** Connects (lazily: the first catalog opened makes the first connection). */
    public static PostgresCatalogs connect(CatalogLocation.Postgres location) {
        Properties properties = new Properties();
        properties.setProperty("user", location.user());
        if (location.password() != null) {
            properties.setProperty("password", location.password());
        }
        properties.setProperty("ApplicationName", "hokan");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        String url = "jdbc:postgresql://" + location.host() + ":" + location.port() + "/" + location.database();
        return new PostgresCatalogs(new PostgresPool(url, properties));
    }

    /** The schema of the catalog of an account's cell in a region. */
    public static String cellSchema(String accountId, String region) {
        return CELL_PREFIX + (accountId + "_" + region).toLowerCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public CellCatalog cell(Path cellDir, String accountId, String region) {
        return CellCatalog.open(pool, cellSchema(accountId, region));
    }

    @Override
    public boolean cellExists(Path cellDir, String accountId, String region) {
        return pool.schemas().contains(cellSchema(accountId, region));
    }

    @Override
    public IdentityCatalog directory(Path dataDir) {
        return IdentityCatalog.open(pool, DIRECTORY_SCHEMA);
    }

    /** The schemas of every cell's catalog the database holds ({@link #cellSchema}). */
    public List<String> cellSchemas() {
        return pool.schemas().stream().filter(s -> s.startsWith(CELL_PREFIX)).sorted().toList();
    }

    /** Whether the database holds no catalog yet. */
    public boolean empty() {
        return pool.schemas().stream().noneMatch(s -> s.equals(DIRECTORY_SCHEMA) || s.startsWith(CELL_PREFIX));
    }

    @Override
    public void close() {
        pool.close();
    }
}
