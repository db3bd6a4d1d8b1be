package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Database;
import dev.hokan.catalog.sql.Migrations;
import dev.hokan.catalog.sql.PostgresPool;
import java.nio.file.Path;
import java.util.function.Function;

/** The deployment's identity catalog, in SQLite or PostgreSQL: accounts, identities with their secret access keys and policies, the organisation and host path grants. */
public final class IdentityCatalog implements AutoCloseable {
    private final Database<IdentityTx> database;

    private IdentityCatalog(Database<IdentityTx> database) {
        this.database = database;
    }

    /** Opens (creating and migrating when needed) the catalog in {@code file}. */
    public static IdentityCatalog open(Path file) {
        return new IdentityCatalog(Database.open(file, Migrations::applyIdentityCatalog, IdentityTx::new));
    }

    /** Opens (creating and migrating when needed) the catalog in {@code schema} of the PostgreSQL database of {@code pool}. */
    @SuppressWarnings("exports")
    public static IdentityCatalog open(PostgresPool pool, String schema) {
        return new IdentityCatalog(Database.open(pool, schema, Migrations::applyIdentityCatalog, IdentityTx::new));
    }

    /** Runs {@code work} in one transaction: everything it changed is committed together, or nothing is. */
    public <T> T write(Function<IdentityTx, T> work) {
        return database.write(work);
    }

    /** Runs {@code work} on a read connection; it sees the last committed state. */
    public <T> T read(Function<IdentityTx, T> work) {
        return database.read(work);
    }

    /**
     * Copies every row of this catalog into {@code target}, a new catalog that holds nothing yet, in one transaction
     * of the target; returns how many rows it copied.
     */
    public long copyInto(IdentityCatalog target) {
        return database.copyInto(target.database);
    }

    @Override
    public void close() {
        database.close();
    }
}
