package dev.hokan.api;

import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The console password the home account's root user gets with its generated credentials. It waits in
 * DATA_DIR/root-console-password (mode 0600) until the operator has been told ({@link FirstStart#told}), so that a
 * first start that fails before telling shows the same password at the next start.
 */
final class RootConsolePassword {
    static final String FILE = "root-console-password";

    private RootConsolePassword() {
    }

    static String ensure(Path dataDir, Identities identities, String accountId) throws IOException {
        Path file = dataDir.resolve(FILE);
        String root = Caller.rootArn(accountId);
        if (Files.exists(file)) {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            identities.setConsolePassword(root, password);
            return password;
        }
        String password = identities.generateConsolePassword(root);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password, StandardCharsets.UTF_8);
        return password;
    }
}
