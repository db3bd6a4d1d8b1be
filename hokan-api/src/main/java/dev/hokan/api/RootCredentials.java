package dev.hokan.api;

import dev.hokan.engine.iam.KeyPair;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * The root access key: from HOKAN_ROOT_ACCESS_KEY_ID / HOKAN_ROOT_SECRET_ACCESS_KEY when both are set, otherwise
 * from DATA_DIR/root-credentials, which is generated (mode 0600) on first start.
 */
public final class RootCredentials {
    public static final String ACCESS_KEY_ENV = "HOKAN_ROOT_ACCESS_KEY_ID";
    public static final String SECRET_KEY_ENV = "HOKAN_ROOT_SECRET_ACCESS_KEY";
    public static final String FILE = "root-credentials";

    private RootCredentials() {
    }

    /** Whether the environment supplies both root credential variables. */
    static boolean fromEnvironment(Map<String, String> env) {
        String id = env.get(ACCESS_KEY_ENV);
        String secret = env.get(SECRET_KEY_ENV);
        return id != null && !id.isBlank() && secret != null && !secret.isBlank();
    }

    /** Whether the data directory holds root credentials already. */
    static boolean stored(Path dataDir) {
        return Files.exists(dataDir.resolve(FILE));
    }

    public static Credentials load(Path dataDir, Map<String, String> env) throws IOException {
        if (fromEnvironment(env)) {
            return new Credentials(env.get(ACCESS_KEY_ENV), env.get(SECRET_KEY_ENV));
        }
        Path file = dataDir.resolve(FILE);
        if (stored(dataDir)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String storedId = p.getProperty("accessKeyId");
            String storedSecret = p.getProperty("secretAccessKey");
            if (storedId == null || storedSecret == null) {
                throw new IOException(file + " lacks accessKeyId or secretAccessKey");
            }
            return new Credentials(storedId, storedSecret);
        }
        Credentials generated = generate();
        Files.createDirectories(dataDir);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.setProperty("accessKeyId", generated.accessKeyId());
        p.setProperty("secretAccessKey", generated.secretAccessKey());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            p.store(w, "Hokan root credentials");
        }
        return generated;
    }

    static Credentials generate() {
        KeyPair key = KeyPair.generate();
        return new Credentials(key.accessKeyId(), key.secretAccessKey());
    }
}
