package dev.hokan.cli;

import dev.hokan.engine.Account;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The home account and region a deployment's server was started with, for commands that work on its catalogs. */
final class HomeAccountOptions {
    @Option(names = "--account-id", defaultValue = Account.DEFAULT_ACCOUNT,
            description = "The deployment's home account, as its server was started (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--region", defaultValue = Account.DEFAULT_REGION,
            description = "The deployment's home region, as its server was started (default: ${DEFAULT-VALUE}).")
    String region;

    Account home(CommandSpec spec) {
        try {
            return new Account(accountId, region);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
