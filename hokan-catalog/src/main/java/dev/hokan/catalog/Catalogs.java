package dev.hokan.catalog;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.identity.IdentityCatalog;
import java.nio.file.Path;

/**
 * The catalogs of a deployment, opened where its {@link CatalogLocation} says: each cell's catalog and the
 * identity catalog (the directory). Closing it closes what they share; each catalog is closed by its user first.
 */
public interface Catalogs extends AutoCloseable {
    /** Opens (creating and migrating when needed) the catalog of the cell whose files are in {@code cellDir}. */
    CellCatalog cell(Path cellDir, String accountId, String region);

    /** Whether the catalog of the cell whose files are in {@code cellDir} exists; creates nothing. */
    boolean cellExists(Path cellDir, String accountId, String region);

    /** Opens (creating and migrating when needed) the identity catalog of the deployment in {@code dataDir}. */
    IdentityCatalog directory(Path dataDir);

    @Override
    void close();

    static Catalogs open(CatalogLocation location) {
        return switch (location) {
            case CatalogLocation.Embedded embedded -> new EmbeddedCatalogs();
            case CatalogLocation.Postgres postgres -> PostgresCatalogs.connect(postgres);
        };
    }
}
