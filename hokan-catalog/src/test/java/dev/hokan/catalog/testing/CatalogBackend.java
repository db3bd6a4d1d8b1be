package dev.hokan.catalog.testing;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.catalog.PostgresCatalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.store.testing.PostgresCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The databases the catalog runs on, for tests that must pass on each: a SQLite file in the test's directory, or
 * schemas of their own in one PostgreSQL cluster that the test run starts when first needed and stops at its end.
 */
public enum CatalogBackend {
    SQLITE {
        @Override
        public Supplier<CellCatalog> cell(Path dir) {
            return () -> CellCatalog.open(dir.resolve(EmbeddedCatalogs.CELL_FILE));
        }

        @Override
        public Supplier<IdentityCatalog> directory(Path dir) {
            return () -> IdentityCatalog.open(dir.resolve(EmbeddedCatalogs.DIRECTORY_FILE));
        }
    },
    POSTGRESQL {
        @Override
        public Supplier<CellCatalog> cell(Path dir) {
            String account = Long.toString(NEXT_ACCOUNT.incrementAndGet());
            return () -> postgres().cell(dir, account, "eu-west-1");
        }

        @Override
        public Supplier<IdentityCatalog> directory(Path dir) {
            PostgresCatalogs own = PostgresCatalogs.connect(freshDatabase());
            return () -> own.directory(dir);
        }
    };

    private static final AtomicLong NEXT_ACCOUNT = new AtomicLong(100_000_000_000L);
    private static final AtomicLong NEXT_DATABASE = new AtomicLong();
    private static PostgresCluster cluster;
    private static PostgresCatalogs shared;

    /** A new catalog of a cell, opened by each call of the supplier (the same one again after a close). */
    public abstract Supplier<CellCatalog> cell(Path dir);

    /** A new identity catalog, opened by each call of the supplier. */
    public abstract Supplier<IdentityCatalog> directory(Path dir);

    /** Opens a new catalog of a cell. */
    public CellCatalog open(Path dir) {
        return cell(dir).get();
    }

    /** The test run's PostgreSQL cluster, started on first use. */
    public static synchronized PostgresCluster cluster() {
        if (cluster == null) {
            try {
                cluster = PostgresCluster.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    cluster.close();
                } catch (IOException | InterruptedException e) {
                    // the run is ending; the cluster's directory is under /tmp
                }
            }));
        }
        return cluster;
    }

    /** A new, empty database of the cluster. */
    public static CatalogLocation.Postgres freshDatabase() {
        String name = "catalog" + NEXT_DATABASE.incrementAndGet();
        try {
            cluster().sql("CREATE DATABASE " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return CatalogLocation.Postgres.parse("postgresql://postgres@127.0.0.1:" + cluster().port() + "/" + name, null);
    }

    private static synchronized PostgresCatalogs postgres() {
        if (shared == null) {
            shared = PostgresCatalogs.connect(freshDatabase());
        }
        return shared;
    }
}
