package dev.hokan.cli;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogMigration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The catalogs of a deployment: {@code migrate} moves an embedded deployment's into PostgreSQL. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Work on a deployment's catalogs.",
        subcommands = CatalogCommand.Migrate.class)
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
}
