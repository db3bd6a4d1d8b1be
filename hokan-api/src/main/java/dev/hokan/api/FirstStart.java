package dev.hokan.api;

import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the operator must be told once: that the master key was created, and the root credentials (access key and
 * console password) that were generated. It is noted in DATA_DIR/unannounced before either is created and forgotten only once told, so that a
 * first start that fails (a port in use) leaves it to the next start instead of never showing it.
 */
public record FirstStart(boolean masterKeyCreated, boolean credentialsGenerated) {
    static final String FILE = "unannounced";
    private static final String MASTER_KEY = "master-key";
    private static final String CREDENTIALS = "root-credentials";

    /** Notes what this start will create, on top of what an earlier start created but never told. */
    static FirstStart note(Path dataDir, Path masterKeyFile, Map<String, String> env) throws IOException {
        Path file = dataDir.resolve(FILE);
        List<String> untold = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        boolean storedCredentials = !RootCredentials.fromEnvironment(env);
        FirstStart start = new FirstStart(untold.contains(MASTER_KEY) || !MasterKey.exists(masterKeyFile),
                storedCredentials && (untold.contains(CREDENTIALS) || !RootCredentials.stored(dataDir)));
        List<String> toTell = new ArrayList<>();
        if (start.masterKeyCreated()) {
            toTell.add(MASTER_KEY);
        }
        if (start.credentialsGenerated()) {
            toTell.add(CREDENTIALS);
        }
        if (!toTell.isEmpty() && !toTell.equals(untold)) {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, toTell, StandardCharsets.UTF_8);
        }
        return start;
    }

    /** The operator has been told: later starts say nothing of it. */
    public void told(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(RootConsolePassword.FILE));
        Files.deleteIfExists(dataDir.resolve(FILE));
    }
}
