package dev.hokan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "hokan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Hokan: self-hosted backup and disaster recovery.",
        subcommands = {VaultCommand.class, ServerCommand.class, AdminCommand.class, EventsCommand.class,
                CatalogCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("hokan: " + Failures.describe(exception));
            return 1;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hokan " + (version == null ? "development build" : version)};
        }
    }
}
