package dev.hokan.catalog;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.identity.IdentityCatalog;
import java.nio.file.Files;
import java.nio.file.Path;

/** The catalogs in SQLite files: {@code catalog.db} in each cell's directory, {@code directory.db} in the data directory. */
public final class EmbeddedCatalogs implements Catalogs {
    public static final String CELL_FILE = "catalog.db";
    public static final String DIRECTORY_FILE = "directory.db";

    @Override
    public CellCatalog cell(Path cellDir, String accountId, String region) {
        return CellCatalog.open(cellDir.resolve(CELL_FILE));
    }

    @Override
    public boolean cellExists(Path cellDir, String accountId, String region) {
        return Files.exists(cellDir.resolve(CELL_FILE));
    }

    @Override
    public IdentityCatalog directory(Path dataDir) {
        return IdentityCatalog.open(dataDir.resolve(DIRECTORY_FILE));
    }

    @Override
    public void close() {
    }
}
