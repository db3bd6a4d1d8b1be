package dev.hokan.engine.resource.postgresql;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.AbsolutePaths;
import dev.hokan.engine.resource.ContinuousProtection;
import dev.hokan.engine.resource.RegistrationBody;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.store.backup.BackupSource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL cluster (13 or later), reached over the network with {@code Host}, {@code Port} (default 5432),
 * {@code User} and, when the server asks for a password, {@code PasswordFile}: a file on this host the account may
 * back up, read at each use (the password is never stored nor returned). Registration connects once in replication
 * mode. A backup is a physical base backup of the whole cluster by {@code pg_basebackup}, streamed file by file into
 * the vault; a restore writes a data directory that PostgreSQL starts as it is.
 */
public final class PostgresKind implements ResourceKind {
    private static final String HOST = "Host";
    private static final String PORT = "Port";
    private static final String USER = "User";
    private static final String PASSWORD_FILE = "PasswordFile";
    private static final ContinuousProtection CONTINUOUS = new PostgresContinuous();

    @Override
    public String wireName() {
        return "PostgreSQL";
    }

    @Override
    public String arnKind() {
        return "postgresql";
    }

    @Override
    public ResourceSettings register(RegistrationBody body, ResourceContext context) {
        String host = body.string(HOST);
        if (host == null) {
            throw ServiceException.missingParameter(HOST);
        }
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            throw ServiceException.invalidParameter("Host \"" + host + "\" is not a host name or IP address");
        }
        Long port = body.longValue(PORT);
        if (port != null && (port < 1 || port > 65535)) {
            throw ServiceException.invalidParameter("Port " + port + " is not between 1 and 65535");
        }
        String user = body.string(USER);
        if (user == null) {
            throw ServiceException.missingParameter(USER);
        }
        if (user.isEmpty() || user.indexOf('\0') >= 0) {
            throw ServiceException.invalidParameter("User must be a PostgreSQL role name");
        }
        String passwordFile = body.string(PASSWORD_FILE);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(HOST, host);
        settings.put(PORT, port == null ? (long) PostgresServer.DEFAULT_PORT : port);
        settings.put(USER, user);
        if (passwordFile != null) {
            settings.put(PASSWORD_FILE, AbsolutePaths.of(PASSWORD_FILE, passwordFile).toString());
        }
        ResourceSettings registered = new ResourceSettings(settings);
        ReplicationCheck.verify(server(registered, context));
        return registered;
    }

    @Override
    public BackupSource backupSource(ResourceSettings settings, ResourceContext context) {
        PostgresServer server = server(settings, context);
        try {
            return BackupSource.processTar(server.location(), server.baseBackup());
        } catch (IOException e) {
            throw ServiceException.invalidParameter(e.getMessage(), e);
        }
    }

    @Override
    public RestoreTarget restoreTarget(Map<String, String> metadata, RecoveryPoint point, ResourceContext context) {
        return DataDirectoryTarget.parse(metadata).allowedFor(context.account().accountId(), context.hostPaths());
    }

    @Override
    public RestoreTarget resumedRestoreTarget(Map<String, String> metadata, RecoveryPoint point,
                                              ResourceContext context) {
        return DataDirectoryTarget.parse(metadata).resumableFor(context.account().accountId(), context.hostPaths());
    }

    @Override
    public Map<String, String> restoreMetadata(RecoveryPoint point) {
        return DataDirectoryTarget.offered(point);
    }

    /** A base backup cut short restores nothing PostgreSQL can start. */
    @Override
    public boolean keepsPartialBackups() {
        return false;
    }

    @Override
    public Optional<RestoreTesting> restoreTesting() {
        return Optional.of(new PostgresRestoreTesting());
    }

    @Override
    public Optional<ContinuousProtection> continuousProtection() {
        return Optional.of(CONTINUOUS);
    }

    /**
     * The server the settings name, checked again: the account must still be allowed to reach it, and to read its
     * password file (as a backup source), since its content is sent to the server.
     */
    static PostgresServer server(ResourceSettings settings, ResourceContext context) {
        String host = settings.string(HOST);
        int port = Math.toIntExact((Long) settings.members().get(PORT));
        Optional<InetAddress> checked = context.reachable(EndpointKind.POSTGRESQL, host, port).stream().findFirst();
        Object file = settings.members().get(PASSWORD_FILE);
        Path passwordFile = file == null ? null : context.hostPaths().source(context.account().accountId(), Path.of((String) file));
        return new PostgresServer(host, port, settings.string(USER), passwordFile, checked);
    }
}
