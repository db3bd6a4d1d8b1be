package dev.hokan.cli;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Account;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.MasterKeyRotation;
import dev.hokan.engine.vault.VaultLocations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hokan admin rotate-master-key}: seals everything the master key seals under a new one, on the deployment's
 * own files with its server stopped (unlike the other admin commands, which call a running server).
 */
@Command(name = "rotate-master-key", mixinStandardHelpOptions = true, description = "Replace the master key of a"
        + " stopped deployment: the signing key, every KMS key's material and the keys of every vault under the master"
        + " key are sealed again under a new key, the data is not rewritten. Safe to interrupt: run it again to"
        + " finish. Takes the server's options for its data, catalog and vaults; --region is the home region.")
final class RotateMasterKeyCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "The server's data directory.")
    Path dataDir;

    @Option(names = "--master-key-file", description = "The master key (default: DATA_DIR/master.key).")
    Path masterKeyFile;

    @Option(names = "--catalog", paramLabel = "URL",
            description = "The server's PostgreSQL catalog, postgresql://USER@HOST:PORT/DB (default: the data directory's).")
    String catalog;

    @Option(names = "--storage", paramLabel = "LOCATION", description = "Where the vaults are (default: DATA_DIR).")
    String storage;

    @Option(names = "--cold-storage", paramLabel = "LOCATION",
            description = "Where the vaults' cold tier is (default: the --storage location).")
    String coldStorage;

    @Option(names = "--account-id", defaultValue = Account.DEFAULT_ACCOUNT,
            description = "The deployment's home account, as its server was started (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    S3Options s3;

    @Override
    public Integer call() throws Exception {
        Account home;
        VaultLocations vaults;
        CatalogLocation catalogLocation;
        try {
            String region = admin.connection.region;
            home = new Account(accountId, region != null ? region : Account.DEFAULT_REGION);
            vaults = VaultLocations.of(s3.providers(), storage != null ? storage : dataDir.toString(), coldStorage);
            catalogLocation = catalog == null ? CatalogLocation.EMBEDDED : catalogOptions.postgres(catalog);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path keyFile = masterKeyFile != null ? masterKeyFile : DeploymentConfig.defaultMasterKeyFile(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        MasterKeyRotation.Rotated rotated = MasterKeyRotation.run(dataDir, keyFile, catalogLocation, vaults, home,
                line -> {
                    out.println(line);
                    out.flush();
                });
        rotated.problems().forEach(problem -> out.println("  Not sealed again: " + problem));
        out.println("Sealed again under " + rotated.fingerprint() + ": " + (rotated.signingKey()
                ? "the notification signing key, " : "") + rotated.kmsKeyVersions() + " KMS key version(s), the keys"
                + " of " + rotated.vaults() + " vault(s). Back up the new key file " + keyFile + " now: the old key"
                + " opens nothing any more.");
        out.flush();
        return 0;
    }
}
