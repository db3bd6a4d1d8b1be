package dev.hokan.catalog.cell;

import dev.hokan.catalog.sql.Database;
import dev.hokan.catalog.sql.Migrations;
import dev.hokan.catalog.sql.PostgresPool;
import java.nio.file.Path;
import java.util.function.Function;

/** The catalog of one cell (an account in a region), in SQLite or PostgreSQL: vaults, recovery points, plans, jobs, holds, locks and events. */
public final class CellCatalog implements AutoCloseable {
    private final Database<CellTx> database;

    private CellCatalog(Database<CellTx> database) {
        this.database = database;
    }

    /** Opens (creating and migrating when needed) the catalog in {@code file}. */
    public static CellCatalog open(Path file) {
        return new CellCatalog(Database.open(file, Migrations::applyCellCatalog, CellTx::new));
    }

    /** Opens (creating and migrating when needed) the catalog in {@code schema} of the PostgreSQL database of {@code pool}. */
    @SuppressWarnings("exports")
    public static CellCatalog open(PostgresPool pool, String schema) {
        return new CellCatalog(Database.open(pool, schema, Migrations::applyCellCatalog, CellTx::new));
    }

    /** Runs {@code work} in one transaction: everything it changed is committed together, or nothing is. */
    public <T> T write(Function<CellTx, T> work) {
        return database.write(work);
    }

    /** Runs {@code work} on a read connection; it sees the last committed state. */
    public <T> T read(Function<CellTx, T> work) {
        return database.read(work);
    }

    /**
     * Copies every row of this catalog into {@code target}, a new catalog that holds nothing yet, in one transaction
     * of the target; returns how many rows it copied.
     */
    public long copyInto(CellCatalog target) {
        return database.copyInto(target.database);
    }

    @Override
    public void close() {
        database.close();
    }
}
