package dev.hokan.api;

import dev.hokan.engine.Account;
import dev.hokan.engine.ClockMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the server. {@code port} 0 picks a free port; {@code env} supplies the root credential variables.
 */
public record ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile,
                           Account account, int workers, Map<String, String> env) {
    public static final int DEFAULT_WORKERS = 2;

    public static ServerConfig defaults(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile,
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), DEFAULT_WORKERS, System.getenv());
    }
}
