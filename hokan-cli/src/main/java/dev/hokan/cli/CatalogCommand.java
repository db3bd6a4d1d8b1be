package dev.hokan.cli;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogMigration;
import dev.hokan.engine.CatalogRebuild;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.store.crypto.MasterKey;
import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The catalogs of a deployment: {@code migrate} moves an embedded deployment's into PostgreSQL, {@code rebuild} makes
 * them again from the vaults alone.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Work on a deployment's catalogs.",
        subcommands = {CatalogCommand.Migrate.class, CatalogCommand.Rebuild.class})
final class CatalogCommand {

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Move the catalogs of an embedded"
            + " deployment (the SQLite files of its data directory: the directory and every cell's catalog) into a"
            + " PostgreSQL database that holds none yet. The server must be stopped; the vaults stay where they are.")
    static final class Migrate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "DATA_DIR",
                description = "The data directory of the embedded deployment.")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "The PostgreSQL database: postgresql://USER@HOST:PORT/DB.")
        String to;

        @Mixin
        CatalogOptions catalogOptions;

        @Option(names = "--account-id", defaultValue = Account.DEFAULT_ACCOUNT,
                description = "The deployment's home account, as its server was started (default: ${DEFAULT-VALUE}).")
        String accountId;

        @Option(names = "--region", defaultValue = Account.DEFAULT_REGION,
                description = "The deployment's home region, as its server was started (default: ${DEFAULT-VALUE}).")
        String region;

        @Override
        public Integer call() throws Exception {
            Account home;
            CatalogLocation.Postgres target;
            try {
                home = new Account(accountId, region);
                target = catalogOptions.postgres(to);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            CatalogMigration.Moved moved = CatalogMigration.run(from, home, target);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Moved the directory and " + moved.cells().size() + " cell catalog(s) (" + moved.rows()
                    + " rows) from " + from + " into " + target.url() + ".");
            out.println("  Start the server with --catalog " + target.url() + " and the same master key; the vaults"
                    + " stay under " + from + " (--data-dir " + from + ", or --storage " + from + ").");
            out.flush();
            return 0;
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true, description = "Rebuild a deployment's lost catalogs"
            + " from its vaults alone: vaults (tags, access policy, lock), recovery points (lifecycle, tags, plan and"
            + " job) and the resources they came from, into an empty catalog. Plans, selections, jobs, events, legal"
            + " holds and identities are not in the vaults: restore them from a catalog backup. The server must be"
            + " stopped.")
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--storage", required = true, paramLabel = "LOCATION",
                description = "Where the vaults are, as the server was started with --storage (its data directory"
                        + " if it had none).")
        String storage;

        @Option(names = "--cold-storage", paramLabel = "LOCATION",
                description = "Where the vaults' cold tier is (default: the --storage location).")
        String coldStorage;

        @Option(names = "--to", required = true, paramLabel = "DATA_DIR|URL",
                description = "The catalog to rebuild, holding none yet: a data directory (SQLite files) or a"
                        + " PostgreSQL database, postgresql://USER@HOST:PORT/DB.")
        String to;

        @Option(names = "--master-key-file", paramLabel = "FILE",
                description = "The master key of the vaults (default: DATA_DIR/master.key of an embedded --to).")
        Path masterKeyFile;

        @Mixin
        CatalogOptions catalogOptions;

        @Mixin
        S3Options s3;

        @Option(names = "--account-id", defaultValue = Account.DEFAULT_ACCOUNT,
                description = "The deployment's home account, as its server was started (default: ${DEFAULT-VALUE}).")
        String accountId;

        @Option(names = "--region", defaultValue = Account.DEFAULT_REGION,
                description = "The deployment's home region, as its server was started (default: ${DEFAULT-VALUE}).")
        String region;

        @Override
        public Integer call() throws Exception {
            boolean postgres = to.startsWith("postgresql:");
            Account home;
            CatalogLocation target;
            VaultLocations vaults;
            try {
                home = new Account(accountId, region);
                target = postgres ? catalogOptions.postgres(to) : CatalogLocation.EMBEDDED;
                vaults = VaultLocations.of(s3.providers(), storage, coldStorage);
                if (masterKeyFile == null && postgres) {
                    throw new IllegalArgumentException("--master-key-file is needed to rebuild into PostgreSQL");
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Path dataDir = postgres ? null : Path.of(to);
            MasterKey key = MasterKey.load(masterKeyFile != null ? masterKeyFile : dataDir.resolve("master.key"));
            List<CatalogRebuild.Cell> cells = CatalogRebuild.run(vaults, key, home, target, dataDir);
            PrintWriter out = spec.commandLine().getOut();
            for (CatalogRebuild.Cell cell : cells) {
                out.println("Account " + cell.account().accountId() + " in " + cell.account().region() + ": rebuilt "
                        + cell.vaults() + " vault(s), " + cell.points() + " recovery point(s) ("
                        + cell.pointsFromSnapshots() + " from their snapshots alone, kept for ever), "
                        + cell.resources() + " resource(s).");
                cell.problems().forEach(problem -> out.println("  Not rebuilt: " + problem));
            }
            out.println("Not in the vaults, so not rebuilt: plans, selections, jobs, events, legal holds, identities"
                    + " (restore a catalog backup for them). Start the server with "
                    + (postgres ? "--catalog " + to : "--data-dir " + to) + ", --storage " + storage
                    + " and the same master key.");
            out.flush();
            return 0;
        }
    }
}
