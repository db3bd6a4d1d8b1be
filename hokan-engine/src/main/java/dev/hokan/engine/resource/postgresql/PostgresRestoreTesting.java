package dev.hokan.engine.resource.postgresql;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.engine.resource.ScratchDirectories;
import dev.hokan.engine.resource.TestedResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL point is restore-tested into a scratch data directory that the cluster's OS user can reach: the data
 * directory is the server's own (0700), so the scratch lies in the system's temporary directory instead, in a
 * directory of the test's own name that the {@code postgres} user owns when the server runs as root. The restored
 * cluster is started, checked with {@code pg_amcheck} and stopped ({@link ScratchCluster}).
 */
final class PostgresRestoreTesting implements RestoreTesting {
    private static final String OS_USER = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @Override
    public Path scratchTarget(Path scratch) {
        return Path.of(System.getProperty("java.io.tmpdir"), "hokan-restore-test-" + scratch.getFileName(), "data");
    }

    /** The directory around the data directory, owned by the cluster's OS user, who must reach the data directory. */
    @Override
    public void prepare(Path scratchTarget) throws IOException {
        Path home = scratchTarget.getParent();
        Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (ROOT) {
            UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(home, users.lookupPrincipalByName(OS_USER));
            Files.getFileAttributeView(home, PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName(OS_USER));
        }
    }

    @Override
    public RestoreTarget target(Path scratchTarget, Map<String, String> metadata, RecoveryPoint point,
                                TestedResource tested) {
        return new DataDirectoryTarget(scratchTarget);
    }

    @Override
    public Optional<String> validate(Path scratchTarget, TestedResource tested, RestoredSnapshot snapshot)
            throws IOException, InterruptedException {
        return new ScratchCluster(scratchTarget).check();
    }

    @Override
    public void delete(Path scratchTarget, TestedResource tested) throws IOException, InterruptedException {
        if (Files.exists(scratchTarget.resolve("PG_VERSION"))) {
            new ScratchCluster(scratchTarget).stop("immediate");
        }
        ScratchDirectories.delete(scratchTarget.getParent());
    }
}
