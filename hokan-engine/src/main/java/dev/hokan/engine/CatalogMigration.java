package dev.hokan.engine;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.catalog.PostgresCatalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.identity.IdentityCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves the catalogs of an embedded deployment, the SQLite files of its data directory, into a PostgreSQL database
 * that holds none yet: the directory and every cell's catalog, row for row (events, schedule cursors, holds and
 * locks among them). The vaults stay where they are. The data directory is locked meanwhile, so no server changes
 * it; its files are brought to this version's schema first, as a server starting on them would.
 */
public final class CatalogMigration {
    /** What was moved: the directory and the cells, and how many rows they held. */
    public record Moved(List<Account> cells, long rows) {
    }

    private CatalogMigration() {
    }

    public static Moved run(Path dataDir, Account home, CatalogLocation.Postgres to) throws IOException {
        if (!Files.isRegularFile(dataDir.resolve(EmbeddedCatalogs.DIRECTORY_FILE))) {
            throw new IllegalArgumentException(dataDir + " is not the data directory of an embedded Hokan deployment"
                    + " (it has no " + EmbeddedCatalogs.DIRECTORY_FILE + ")");
        }
        EmbeddedCatalogs from = new EmbeddedCatalogs();
        try (DataDirLock lock = DataDirLock.acquire(dataDir); PostgresCatalogs into = PostgresCatalogs.connect(to)) {
            if (!into.empty()) {
                throw new IllegalStateException("The database " + to.url() + " already holds Hokan catalogs;"
                        + " migrate into a database that holds none. If they are what an interrupted migration left,"
                        + " drop them (DROP SCHEMA directory CASCADE, and each cell_* schema likewise) and migrate"
                        + " again: the data directory's catalogs are still whole");
            }
            long rows;
            try (IdentityCatalog source = from.directory(dataDir); IdentityCatalog target = into.directory(dataDir)) {
                rows = source.copyInto(target);
            }
            List<Account> cells = cells(dataDir, home);
            for (Account cell : cells) {
                Path cellDir = Deployment.cellDir(dataDir, home, cell);
                try (CellCatalog source = from.cell(cellDir, cell.accountId(), cell.region());
                     CellCatalog target = into.cell(cellDir, cell.accountId(), cell.region())) {
                    rows += source.copyInto(target);
                }
            }
            return new Moved(cells, rows);
        }
    }

    /** The cells that have a catalog in the data directory: the home one and those under accounts/ACCOUNT/REGION. */
    static List<Account> cells(Path dataDir, Account home) throws IOException {
        List<Account> cells = new ArrayList<>();
        if (Files.isRegularFile(dataDir.resolve(EmbeddedCatalogs.CELL_FILE))) {
            cells.add(home);
        }
        Path accounts = dataDir.resolve("accounts");
        if (!Files.isDirectory(accounts)) {
            return cells;
        }
        try (Stream<Path> regions = Files.list(accounts).filter(Files::isDirectory).flatMap(CatalogMigration::children)) {
            for (Path region : regions.sorted().toList()) {
                Account cell = new Account(region.getParent().getFileName().toString(), region.getFileName().toString());
                if (!cell.equals(home) && Files.isRegularFile(Deployment.cellDir(dataDir, home, cell)
                        .resolve(EmbeddedCatalogs.CELL_FILE))) {
                    cells.add(cell);
                }
            }
        }
        return cells;
    }

    private static Stream<Path> children(Path directory) {
        try {
            return Files.list(directory).filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
