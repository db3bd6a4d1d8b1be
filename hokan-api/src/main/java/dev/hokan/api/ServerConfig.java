package dev.hokan.api;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.copy.RemoteRegion;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to run the server. {@code port} 0 picks a free port; {@code account} is the home account and region,
 * {@code regions} the other regions this deployment serves itself and {@code remoteRegions} those other
 * deployments serve; {@code expiryWindow} spreads the deletion of expired recovery points; {@code env} supplies
 * the root credential variables; {@code homeHostRoots} are the host paths the home account is given.
 */
public record ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile,
                           Account account, Set<String> regions, List<RemoteRegion> remoteRegions, int workers,
                           ExpiryWindow expiryWindow, Map<String, String> env, HomeHostRoots homeHostRoots) {
    public static final int DEFAULT_WORKERS = 2;

    /** A server whose home account may use any host path no account is denied. */
    public ServerConfig(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile, Account account,
                        Set<String> regions, List<RemoteRegion> remoteRegions, int workers, ExpiryWindow expiryWindow,
                        Map<String, String> env) {
        this(dataDir, bind, port, clockMode, masterKeyFile, account, regions, remoteRegions, workers, expiryWindow, env,
                HomeHostRoots.UNCONFINED);
    }

    public static ServerConfig defaults(Path dataDir, String bind, int port, ClockMode clockMode, Path masterKeyFile) {
        return new ServerConfig(dataDir, bind, port, clockMode, masterKeyFile,
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), DEFAULT_WORKERS,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH), System.getenv());
    }
}
