package dev.hokan.engine.resource.directory;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.RegistrationBody;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.store.backup.BackupSource;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A directory on this host, registered with its {@code Path}. It is recorded by its real path: a symbolic link is
 * followed once, at registration, and the account must be allowed to back up where it leads; the host path rules
 * are checked again as every backup and restore starts.
 */
public final class DirectoryKind implements ResourceKind {
    static final String PATH = "Path";

    @Override
    public String wireName() {
        return "Directory";
    }

    @Override
    public String arnKind() {
        return "directory";
    }

    @Override
    public ResourceSettings register(RegistrationBody body, ResourceContext context) {
        String path = body.string(PATH);
        if (path == null) {
            throw ServiceException.missingParameter(PATH);
        }
        return ResourceSettings.of(PATH, source(absolute(path), context).toString());
    }

    @Override
    public BackupSource backupSource(ResourceSettings settings, ResourceContext context) {
        // again at every start: the directory may be gone, swapped for a link, or its grant revoked
        return BackupSource.directory(source(Path.of(settings.string(PATH)), context));
    }

    @Override
    public RestoreTarget restoreTarget(Map<String, String> metadata, RecoveryPoint point, ResourceContext context) {
        return DirectoryRestoreTarget.parse(metadata, point).allowedFor(context.account().accountId(),
                context.hostPaths());
    }

    @Override
    public RestoreTarget resumedRestoreTarget(Map<String, String> metadata, RecoveryPoint point,
                                              ResourceContext context) {
        return DirectoryRestoreTarget.parse(metadata, point).resumableFor(context.account().accountId(),
                context.hostPaths());
    }

    @Override
    public Map<String, String> restoreMetadata(RecoveryPoint point) {
        return DirectoryRestoreTarget.offered(point);
    }

    @Override
    public Optional<RestoreTesting> restoreTesting() {
        return Optional.of(new DirectoryRestoreTesting());
    }

    @Override
    public boolean keepsPartialBackups() {
        return true;
    }

    @Override
    public List<Path> hostPaths(ResourceSettings settings) {
        return List.of(Path.of(settings.string(PATH)));
    }

    private static Path source(Path dir, ResourceContext context) {
        Path real = context.hostPaths().source(context.account().accountId(), dir);
        if (!Files.isDirectory(real)) {
            throw ServiceException.invalidParameter("Path " + dir + " is not an existing directory");
        }
        return real;
    }

    private static Path absolute(String path) {
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw ServiceException.invalidParameter("Path " + path + " is not a valid path: " + e.getReason(), e);
        }
        if (!dir.isAbsolute()) {
            throw ServiceException.invalidParameter("Path " + path + " must be absolute");
        }
        return dir;
    }
}
