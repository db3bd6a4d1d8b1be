package dev.hokan.engine.resource.directory;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.hostpath.HostPaths;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoredResource;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Restore metadata of Directory recovery points: {@code TargetPath} (absolute; default the original directory)
 * and {@code Overwrite} ("true" to restore into a non-empty directory). Keys are case-insensitive.
 */
record DirectoryRestoreTarget(Path targetPath, boolean overwrite) implements RestoreTarget {
    static final String TARGET_PATH = "TargetPath";
    static final String OVERWRITE = "Overwrite";

    /** What GetRecoveryPointRestoreMetadata offers: the accepted keys with their defaults, plus facts about the point. */
    public static Map<String, String> offered(RecoveryPoint point) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TARGET_PATH, point.sourceLocation());
        m.put(OVERWRITE, "false");
        m.put("SourcePath", point.sourceLocation());
        m.put("FileCount", Long.toString(point.fileCount()));
        m.put("TotalBytes", Long.toString(point.backupSizeInBytes()));
        return m;
    }

    public static DirectoryRestoreTarget parse(Map<String, String> metadata, RecoveryPoint point) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        metadata.forEach((k, v) -> {
            if (m.put(k, v) != null) {
                throw ServiceException.invalidParameter("Metadata key " + k + " is given more than once");
            }
        });
        for (String key : m.keySet()) {
            boolean informational = key.equalsIgnoreCase("SourcePath") || key.equalsIgnoreCase("FileCount")
                    || key.equalsIgnoreCase("TotalBytes");
            if (!key.equalsIgnoreCase(TARGET_PATH) && !key.equalsIgnoreCase(OVERWRITE) && !informational) {
                throw ServiceException.invalidParameter("Metadata key " + key + " is not understood for Directory"
                        + " restores; use TargetPath and Overwrite");
            }
        }
        String target = m.getOrDefault(TARGET_PATH, point.sourceLocation());
        if (target.isEmpty()) {
            target = point.sourceLocation();
        }
        Path path;
        try {
            path = Path.of(target);
        } catch (InvalidPathException e) {
            throw ServiceException.invalidParameter("TargetPath " + target + " is not a valid path: " + e.getReason(), e);
        }
        if (!path.isAbsolute()) {
            throw ServiceException.invalidParameter("TargetPath " + target + " must be an absolute path");
        }
        String overwrite = m.getOrDefault(OVERWRITE, "false").toLowerCase(Locale.ROOT);
        if (!overwrite.equals("true") && !overwrite.equals("false")) {
            throw ServiceException.invalidParameter("Overwrite must be \"true\" or \"false\", got \""
                    + m.get(OVERWRITE) + "\"");
        }
        return new DirectoryRestoreTarget(path.normalize(), overwrite.equals("true"));
    }

    /**
     * This target by its real path, once {@code accountId} may restore there and the directory can take the restore;
     * the host path rules come first, so that an account learns nothing of paths it may not use.
     */
    public DirectoryRestoreTarget allowedFor(String accountId, HostPaths hostPaths) {
        DirectoryRestoreTarget t = resumableFor(accountId, hostPaths);
        if (!t.overwrite && isNonEmptyDirectory(t.targetPath)) {
            throw ServiceException.invalidParameter("TargetPath " + t.targetPath + " is not empty; restore into an"
                    + " empty or new directory, or set Overwrite to \"true\"");
        }
        return t;
    }

    /** This target by its real path as {@link #allowedFor} checks it, but for an earlier run's files it may hold. */
    public DirectoryRestoreTarget resumableFor(String accountId, HostPaths hostPaths) {
        DirectoryRestoreTarget t = new DirectoryRestoreTarget(hostPaths.restoreTarget(accountId, targetPath),
                overwrite);
        if (Files.exists(t.targetPath) && !Files.isDirectory(t.targetPath)) {
            throw ServiceException.invalidParameter("TargetPath " + t.targetPath + " exists and is not a directory");
        }
        return t;
    }

    @Override
    public RestoreSink<?> open() throws IOException {
        Files.createDirectories(targetPath);
        return RestoreSink.directory(targetPath, overwrite);
    }

    /** The Directory resource of the target path: as on AWS, what a restore made is a resource of its own. */
    @Override
    public Optional<RestoredResource> restored() {
        return Optional.of(new RestoredResource(new DirectoryKind(),
                ResourceSettings.of(DirectoryKind.PATH, targetPath.toString()), List.of(DirectoryKind.PATH)));
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }
}
