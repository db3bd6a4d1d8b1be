package dev.hokan.engine.resource.postgresql;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.hostpath.HostPaths;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.AbsolutePaths;
import dev.hokan.engine.resource.PointInTime;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a PostgreSQL recovery point is restored: {@code TargetPath}, an absolute path that is new or an empty
 * directory, in an existing directory whose owner becomes the owner of every restored file. PostgreSQL refuses to
 * run as root and to start a data directory it does not own, while Hokan usually runs as root: the target's parent
 * says who will run the server. The data directory gets mode 0700, as PostgreSQL requires.
 */
record DataDirectoryTarget(Path targetPath) implements RestoreTarget {
    static final String TARGET_PATH = "TargetPath";

    /** What GetRecoveryPointRestoreMetadata offers: the target to fill in, and facts about the point. */
    static Map<String, String> offered(RecoveryPoint point) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TARGET_PATH, "");
        m.put("SourceServer", point.sourceLocation());
        m.put("FileCount", Long.toString(point.fileCount()));
        m.put("TotalBytes", Long.toString(point.backupSizeInBytes()));
        return m;
    }

    static DataDirectoryTarget parse(Map<String, String> metadata) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        metadata.forEach((k, v) -> {
            if (m.put(k, v) != null) {
                throw ServiceException.invalidParameter("Metadata key " + k + " is given more than once");
            }
        });
        for (String key : m.keySet()) {
            boolean informational = key.equalsIgnoreCase("SourceServer") || key.equalsIgnoreCase("FileCount")
                    || key.equalsIgnoreCase("TotalBytes");
            if (!key.equalsIgnoreCase(TARGET_PATH) && !informational && !PointInTime.named(key)) {
                throw ServiceException.invalidParameter("Metadata key " + key + " is not understood for PostgreSQL"
                        + " restores; use TargetPath (and RestoreTime or UseLatestRestorableTime for a continuous"
                        + " recovery point)");
            }
        }
        String target = m.get(TARGET_PATH);
        if (target == null || target.isEmpty()) {
            throw ServiceException.invalidParameter("A PostgreSQL restore needs TargetPath: the new or empty directory"
                    + " that becomes the data directory");
        }
        Path path = AbsolutePaths.of(TARGET_PATH, target);
        if (path.getParent() == null) {
            throw ServiceException.invalidParameter("TargetPath " + target + " cannot be the root directory");
        }
        return new DataDirectoryTarget(path);
    }

    /** This target by its real path, once {@code accountId} may restore there and the directory can take the restore. */
    DataDirectoryTarget allowedFor(String accountId, HostPaths hostPaths) {
        Path real = resumableFor(accountId, hostPaths).targetPath();
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(real)) {
                if (entries.findAny().isPresent()) {
                    throw ServiceException.invalidParameter("TargetPath " + targetPath + " is not empty; restore into"
                            + " an empty or new directory");
                }
            } catch (IOException e) {
                throw ServiceException.invalidParameter("TargetPath " + targetPath + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new DataDirectoryTarget(real);
    }

    /** This target by its real path as {@link #allowedFor} checks it, but for an earlier run's files it may hold. */
    DataDirectoryTarget resumableFor(String accountId, HostPaths hostPaths) {
        Path real = hostPaths.restoreTarget(accountId, targetPath);
        if (!Files.isDirectory(real.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw ServiceException.invalidParameter("TargetPath " + targetPath + " must be in an existing directory,"
                    + " whose owner becomes the owner of the restored data directory");
        }
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw ServiceException.invalidParameter("TargetPath " + targetPath + " exists and is not a directory");
        }
        return new DataDirectoryTarget(real);
    }

    @Override
    public RestoreSink<?> open() throws IOException {
        Owner owner = owner();
        return RestoreSink.directory(targetPath, owner.uid(), owner.gid());
    }

    /** Who owns what the restore writes: the owner of the target's parent. */
    Owner owner() throws IOException {
        Path parent = targetPath.getParent();
        return new Owner((Integer) Files.getAttribute(parent, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(parent, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    record Owner(int uid, int gid) {
        /** Gives {@code path} to this owner. */
        void own(Path path) throws IOException {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
