package dev.hokan.cli;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogBackups;
import dev.hokan.engine.CatalogMigration;
import dev.hokan.engine.CatalogRebuild;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.store.crypto.MasterKey;
import java.util.List;
import java.io.IOException;
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
 * them again from the vaults alone, {@code restore} puts back the newest catalog backup.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Work on a deployment's catalogs.",
        subcommands = {CatalogCommand.Migrate.class, CatalogCommand.Rebuild.class, CatalogCommand.Restore.class})
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

        @Mixin
        HomeAccountOptions homeAccount;

        @Override
        public Integer call() throws Exception {
            Account home = homeAccount.home(spec);
            CatalogLocation.Postgres target;
            try {
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

        @Mixin
        RecoveryOptions recovery;

        @Option(names = "--cold-storage", paramLabel = "LOCATION",
                description = "Where the vaults' cold tier is (default: the --storage location).")
        String coldStorage;

        @Override
        public Integer call() throws Exception {
            VaultLocations vaults = recovery.vaults(spec, coldStorage);
            List<CatalogRebuild.Cell> cells = CatalogRebuild.run(vaults, recovery.masterKey(),
                    recovery.homeAccount.home(spec), recovery.target(spec), recovery.dataDir());
            PrintWriter out = spec.commandLine().getOut();
            for (CatalogRebuild.Cell cell : cells) {
                out.println("Account " + cell.account().accountId() + " in " + cell.account().region() + ": rebuilt "
                        + cell.vaults() + " vault(s), " + cell.points() + " recovery point(s) ("
                        + cell.pointsFromSnapshots() + " from their snapshots alone, kept for ever), "
                        + cell.resources() + " resource(s).");
                cell.problems().forEach(problem -> out.println("  Not rebuilt: " + problem));
            }
            out.println("Not in the vaults, so not rebuilt: plans, selections, jobs, events, legal holds, identities"
                    + " (restore a catalog backup for them). " + recovery.startWith());
            out.flush();
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a deployment's catalogs (all"
            + " of them: plans, selections, jobs, events, holds, identities, vaults and recovery points) from the"
            + " newest catalog backup the server made into a vault (--catalog-backup-vault), into an empty catalog."
            + " The server must be stopped.")
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RecoveryOptions recovery;

        @Option(names = "--from-vault", required = true, paramLabel = "NAME",
                description = "The home account's vault the catalog backups went to.")
        String fromVault;

        @Override
        public Integer call() throws Exception {
            VaultLocations vaults = recovery.vaults(spec, null);
            CatalogBackups.Restored restored = CatalogBackups.restore(vaults, recovery.masterKey(), fromVault,
                    recovery.homeAccount.home(spec), recovery.target(spec), recovery.dataDir());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Restored the directory and " + restored.cells().size() + " cell catalog(s) ("
                    + restored.rows() + " rows) from the catalog backup taken at " + restored.takenAt()
                    + " (snapshot " + restored.snapshotId() + " of vault " + fromVault + ").");
            out.println("  Recovery points made after that backup are not in it; their data is still in the vaults."
                    + " " + recovery.startWith());
            out.flush();
            return 0;
        }
    }

    /** What rebuilding or restoring a deployment's catalogs needs: its vaults, their key and the empty catalog. */
    static final class RecoveryOptions {
        @Option(names = "--storage", required = true, paramLabel = "LOCATION",
                description = "Where the vaults are, as the server was started with --storage (its data directory"
                        + " if it had none).")
        String storage;

        @Option(names = "--to", required = true, paramLabel = "DATA_DIR|URL",
                description = "The catalog to fill, holding none yet: a data directory (SQLite files) or a"
                        + " PostgreSQL database, postgresql://USER@HOST:PORT/DB.")
        String to;

        @Option(names = "--master-key-file", paramLabel = "FILE",
                description = "The master key of the vaults (default: DATA_DIR/master.key of an embedded --to).")
        Path masterKeyFile;

        @Mixin
        CatalogOptions catalogOptions;

        @Mixin
        S3Options s3;

        @Mixin
        HomeAccountOptions homeAccount;

        private boolean postgres() {
            return to.startsWith("postgresql:");
        }

        CatalogLocation target(CommandSpec spec) {
            try {
                return postgres() ? catalogOptions.postgres(to) : CatalogLocation.EMBEDDED;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        VaultLocations vaults(CommandSpec spec, String coldStorage) {
            if (masterKeyFile == null && postgres()) {
                throw new ParameterException(spec.commandLine(), "--master-key-file is needed with a PostgreSQL --to");
            }
            try {
                return VaultLocations.of(s3.providers(), storage, coldStorage);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** The embedded catalog's data directory; null for PostgreSQL. */
        Path dataDir() {
            return postgres() ? null : Path.of(to);
        }

        MasterKey masterKey() throws IOException {
            return MasterKey.load(masterKeyFile != null ? masterKeyFile : dataDir().resolve("master.key"));
        }

        String startWith() {
            return "Start the server with " + (postgres() ? "--catalog " + to : "--data-dir " + to) + ", --storage "
                    + storage + " and the same master key.";
        }
    }
}
