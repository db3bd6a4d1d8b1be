package dev.hokan.engine.resource.directory;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.engine.resource.ScratchDirectories;
import dev.hokan.engine.resource.TestedResource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Directory point is restore-tested into a new directory under the data directory, and proven by comparing every
 * entry and byte there with the point's own content hashes.
 */
final class DirectoryRestoreTesting implements RestoreTesting {
    @Override
    public Path scratchTarget(Path scratch) {
        return scratch;
    }

    /** A restore into the scratch directory; it makes no resource of its own (the directory is deleted). */
    @Override
    public RestoreTarget target(Path scratchTarget, Map<String, String> metadata, RecoveryPoint point,
                                TestedResource tested) {
        return () -> new DirectoryRestoreTarget(scratchTarget, false).open();
    }

    @Override
    public Optional<String> validate(Path scratchTarget, TestedResource tested, RestoredSnapshot snapshot)
            throws IOException, InterruptedException {
        List<String> differences = snapshot.differencesFrom(scratchTarget);
        return differences.isEmpty() ? Optional.empty() : Optional.of("The restored directory differs from the"
                + " recovery point's content hashes: " + String.join("; ", differences));
    }

    @Override
    public void delete(Path scratchTarget, TestedResource tested) throws IOException {
        ScratchDirectories.delete(scratchTarget);
    }
}
