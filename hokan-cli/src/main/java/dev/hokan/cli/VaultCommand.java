package dev.hokan.cli;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.KeyStoreSealers;
import dev.hokan.engine.kms.KmsVaultSealers;
import dev.hokan.engine.vault.SnapshotTags;
import dev.hokan.store.FileProblem;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.Vault;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.BackupStats;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.StorageProviders;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.gc.GcReport;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Stand-alone vault use: everything an operator needs with only the vault directory and its master key (and, for a
 * vault sealed under a KMS key, the server's catalog, which holds that key's material).
 */
@Command(name = "vault", mixinStandardHelpOptions = true,
        description = "Use a vault directly, without the server or its catalog.",
        subcommands = {
            VaultCommand.Init.class, VaultCommand.Backup.class, VaultCommand.ListPoints.class, VaultCommand.Restore.class,
            VaultCommand.Verify.class, VaultCommand.Delete.class, VaultCommand.Gc.class, VaultCommand.Copy.class
        })
final class VaultCommand {
    private static final String INCONSISTENT = "changed while it was backed up, and again when read once more; its copy"
            + " may mix two versions";

    @Option(names = "--key-file", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Master key file (default: $HOKAN_MASTER_KEY_FILE; or the key itself, base64, in $HOKAN_MASTER_KEY).")
    Path keyFile;

    @Option(names = "--cache-dir", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Local index cache (default: $HOKAN_CACHE_DIR or ~/.cache/hokan).")
    Path cacheDir;

    Path keyFile() {
        if (keyFile != null) {
            return keyFile;
        }
        String fromEnvironment = System.getenv("HOKAN_MASTER_KEY_FILE");
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new IllegalArgumentException("no master key: give --key-file FILE or set HOKAN_MASTER_KEY_FILE");
        }
        return Path.of(fromEnvironment);
    }

    MasterKey masterKey() throws IOException {
        String inline = System.getenv("HOKAN_MASTER_KEY");
        if (keyFile == null && inline != null && !inline.isBlank()) {
            return MasterKey.fromBase64(inline, "HOKAN_MASTER_KEY");
        }
        return MasterKey.load(keyFile());
    }

    Path cacheDir() {
        if (cacheDir != null) {
            return cacheDir;
        }
        String fromEnvironment = System.getenv("HOKAN_CACHE_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("hokan");
    }

    @Mixin
    S3Options s3;

    @Option(names = "--catalog", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "DATA_DIR|URL",
            description = "The server's catalogs, whose key store opens a vault sealed under a KMS key: its data"
                    + " directory, or postgresql://USER@HOST:PORT/DB (with --catalog-password-file; and"
                    + " --account-id/--region when the server ran with others). Vaults under the master key need"
                    + " none.")
    String catalog;

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    HomeAccountOptions homeAccount;

    @Spec
    CommandSpec spec;

    private StorageProviders providers;

    /** The storage backends, made once the options are known. */
    StorageProviders providers() {
        if (providers == null) {
            providers = s3.providers();
        }
        return providers;
    }

    Vault open(String location) throws IOException {
        URI uri = StorageProviders.uri(location);
        if (!providers().exists(uri)) {
            throw new IOException("no vault at " + location);
        }
        BlobStore store = providers().open(uri);
        Optional<String> keyArn = Vault.sealedUnder(store).flatMap(KmsVaultSealers::keyArnOf);
        if (keyArn.isEmpty()) {
            return Vault.open(store, masterKey(), cacheDir());
        }
        if (catalog == null) {
            throw new IOException("the vault at " + location + " is sealed under KMS key " + keyArn.get()
                    + ", whose material is in the server's key store: give --catalog DATA_DIR|URL");
        }
        boolean postgres = catalog.startsWith("postgresql:");
        try (KeyStoreSealers keys = new KeyStoreSealers(postgres ? catalogOptions.postgres(catalog)
                : CatalogLocation.EMBEDDED, postgres ? null : Path.of(catalog), homeAccount.home(spec), masterKey())) {
            return Vault.open(store, keys.of(store, location), cacheDir());
        }
    }

    abstract static class VaultTask implements Callable<Integer> {
        @ParentCommand
        VaultCommand vault;

        @Parameters(index = "0", paramLabel = "VAULT", description = "The vault's directory, or its storage URI.")
        String vaultDir;

        final PrintStream out = System.out;
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new vault (and the master key file if it does not exist).")
    static final class Init extends VaultTask {
        @Override
        public Integer call() throws IOException {
            URI location = StorageProviders.uri(vaultDir);
            if (vault.providers().exists(location) && !vault.providers().open(location).children("").isEmpty()) {
                throw new IOException(vaultDir + " is not empty; a vault needs a new or empty directory");
            }
            BlobStore store = vault.providers().open(location);
            try (Vault created = Vault.create(store, masterKeyCreatingFile(vault), vault.cacheDir())) {
                out.println("Created vault " + created.id() + " at " + store.describe());
            }
            return 0;
        }
    }

    /** The master key; a key file that does not exist yet is created. */
    private static MasterKey masterKeyCreatingFile(VaultCommand vault) throws IOException {
        if (vault.keyFile == null && System.getenv("HOKAN_MASTER_KEY") != null) {
            return vault.masterKey();
        }
        Path keyFile = vault.keyFile();
        if (MasterKey.exists(keyFile)) {
            return MasterKey.load(keyFile);
        }
        MasterKey created = MasterKey.loadOrCreate(keyFile);
        System.err.println("Created master key " + keyFile + ". Back it up separately: without it no vault can be read.");
        return created;
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up a directory; prints the recovery point ID last.")
    static final class Backup extends VaultTask {
        @Parameters(index = "1", paramLabel = "SOURCE_DIR")
        Path source;

        @Option(names = "--resource", description = "Name of the protected resource (default: the source's absolute path).")
        String resource;

        @Option(names = "--tag", description = "Recovery point tag KEY=VALUE (repeatable).")
        Map<String, String> tags = Map.of();

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path absolute = source.toAbsolutePath().normalize();
            try (Vault opened = vault.open(vaultDir); TerminalProgress progress = TerminalProgress.start("backup")) {
                BackupResult result = opened.backup(new BackupRequest(BackupSource.directory(absolute),
                        resource != null ? resource : absolute.toString(), tags, progress));
                progress.close();
                BackupStats s = result.stats();
                out.printf("status: %s%n", result.status());
                out.printf("files: %d scanned (%d unchanged), %s scanned%n", s.filesScanned(), s.filesUnchanged(), Sizes.bytes(s.bytesScanned()));
                out.printf("new: %d chunks, %s, stored as %s%n", s.newChunks(), Sizes.bytes(s.newBytes()), Sizes.bytes(s.storedBytes()));
                out.printf("duration: %s%n", Sizes.duration(s.duration()));
                for (FileProblem problem : result.problems()) {
                    System.err.println("warning: " + problem.path() + ": " + problem.reason());
                }
                for (String path : result.inconsistent()) {
                    System.err.println("inconsistent: " + path + ": " + INCONSISTENT);
                }
                for (String skipped : result.skipped()) {
                    System.err.println("skipped: " + skipped);
                }
                out.println(result.snapshotId());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the recovery points in a vault.")
    static final class ListPoints extends VaultTask {
        @Override
        public Integer call() throws IOException {
            try (Vault opened = vault.open(vaultDir)) {
                List<SnapshotInfo> points = opened.snapshots();
                out.printf("%-32s  %-36s  %-20s  %-8s  %10s  %8s  %s%n", "ID", "API RECOVERY POINT ID", "TIME",
                        "STATUS", "SIZE", "FILES", "RESOURCE");
                for (SnapshotInfo point : points) {
                    out.printf("%-32s  %-36s  %-20s  %-8s  %10s  %8d  %s%n", point.id(),
                            point.tags().getOrDefault(SnapshotTags.RECOVERY_POINT_ID, "-"),
                            point.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            point.status(), Sizes.bytes(point.totalBytes()), point.fileCount(), point.resource());
                }
            }
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a recovery point (or some of its paths) into a directory.")
    static final class Restore extends VaultTask {
        @Parameters(index = "1", paramLabel = "RECOVERY_POINT_ID")
        String pointId;

        @Parameters(index = "2", paramLabel = "TARGET_DIR")
        Path target;

        @Option(names = "--path", description = "Restore only this path of the recovery point (repeatable).")
        List<String> paths = List.of();

        @Option(names = "--overwrite", description = "Allow restoring into a non-empty directory, replacing what is there.")
        boolean overwrite;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try (Vault opened = vault.open(vaultDir); TerminalProgress progress = TerminalProgress.start("restore")) {
                RestoreResult result = opened.restore(new RestoreRequest(pointId, RestoreSink.directory(target, overwrite), paths, progress));
                progress.close();
                out.printf("restored %d files, %s in %s%n", result.files(), Sizes.bytes(result.bytes()), Sizes.duration(result.duration()));
                for (String path : result.inconsistent()) {
                    System.err.println("inconsistent: " + path + ": " + INCONSISTENT);
                }
                for (FileProblem problem : result.problems()) {
                    System.err.println("warning: " + problem.path() + ": " + problem.reason());
                }
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the vault's structure, or with --read-data every stored byte.")
    static final class Verify extends VaultTask {
        @Option(names = "--read-data", description = "Read and authenticate every chunk.")
        boolean readData;

        @Override
        public Integer call() throws IOException {
            try (Vault opened = vault.open(vaultDir)) {
                VerifyReport report = opened.verify(readData);
                out.printf("checked %d recovery points, %d packs, %d blobs%s%n", report.snapshots(), report.packs(), report.blobs(),
                        readData ? ", read " + Sizes.bytes(report.bytesRead()) : "");
                report.errors().forEach(error -> out.println("error: " + error));
                for (VerifyReport.DamagedBlob damaged : report.damaged()) {
                    out.println("damaged: " + damaged.id() + ": " + damaged.reason());
                    damaged.affected().forEach(d -> out.println("  affects recovery point " + d.snapshotId() + " path " + d.path()));
                }
                if (!report.ok()) {
                    throw new IOException("vault check found " + report.damaged().size() + " damaged blobs and "
                            + report.errors().size() + " other errors");
                }
                out.println("no errors found");
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a recovery point; gc frees its data.")
    static final class Delete extends VaultTask {
        @Parameters(index = "1", paramLabel = "RECOVERY_POINT_ID")
        String pointId;

        @Override
        public Integer call() throws IOException {
            try (Vault opened = vault.open(vaultDir)) {
                opened.deleteSnapshot(pointId);
                out.println("deleted recovery point " + pointId);
            }
            return 0;
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true, description = "Free data no recovery point refers to. Safe while backups run.")
    static final class Gc extends VaultTask {
        @Override
        public Integer call() throws IOException {
            try (Vault opened = vault.open(vaultDir)) {
                GcReport report = opened.collectGarbage();
                out.printf("deleted %d packs (%s), repacked %d", report.packsDeleted(), Sizes.bytes(report.bytesFreed()), report.packsRepacked());
                if (report.packsPending() > 0) {
                    out.printf(", %d packs wait for running sessions to end (run gc again later)", report.packsPending());
                }
                out.println();
                report.waitingFor().ifPresent(out::println);
            }
            return 0;
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy a recovery point into another vault (same master key).")
    static final class Copy extends VaultTask {
        @Parameters(index = "1", paramLabel = "RECOVERY_POINT_ID")
        String pointId;

        @Parameters(index = "2", paramLabel = "TARGET_VAULT", description = "The target vault's directory, or its storage URI.")
        String targetDir;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try (Vault source = vault.open(vaultDir); Vault target = vault.open(targetDir)) {
                var result = source.copySnapshot(pointId, target);
                out.printf("copied: %d chunks transferred (%s) in %s%n", result.chunksTransferred(),
                        Sizes.bytes(result.bytesTransferred()), Sizes.duration(result.duration()));
                out.println(result.targetSnapshotId());
            }
            return 0;
        }
    }
}
