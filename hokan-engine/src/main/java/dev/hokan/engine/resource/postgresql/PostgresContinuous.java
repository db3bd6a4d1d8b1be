package dev.hokan.engine.resource.postgresql;

import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.ContinuousPoint;
import dev.hokan.engine.resource.ContinuousProtection;
import dev.hokan.engine.resource.ContinuousStream;
import dev.hokan.engine.resource.PointInTime;
import dev.hokan.engine.resource.ScratchDirectories;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.restore.RestoreResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Continuous backup of a PostgreSQL cluster: base backups on the rule's schedule, the WAL between streamed through a
 * replication slot Hokan owns ({@link WalStreamer}), and restores to any moment of the window
 * ({@link PointInTimeRestore}).
 */
final class PostgresContinuous implements ContinuousProtection {
    @Override
    public ContinuousStream start(ContinuousPoint point) {
        return new WalStreamer(point).start();
    }

    @Override
    public void checkRestore(ContinuousPoint point, PointInTime at, Map<String, String> metadata) {
        target(point, metadata);
    }

    @Override
    public RestoreResult restore(ContinuousPoint point, PointInTime at, Map<String, String> metadata,
                                 Optional<Path> scratchTarget, ProgressListener progress)
            throws IOException, InterruptedException {
        WalStreamState state = WalStreamState.parse(point.state()).orElseThrow(() -> ServiceException.invalidRequest(
                "The continuous recovery point holds nothing restorable yet"));
        DataDirectoryTarget target = scratchTarget.map(DataDirectoryTarget::new)
                .orElseGet(() -> target(point, metadata));
        return new PointInTimeRestore(point, state, target).run(at, progress);
    }

    /** Deletes the data directory the earlier run began; the restore makes it again, as a new directory. */
    @Override
    public void clearRestoreTarget(ContinuousPoint point, Map<String, String> metadata, Optional<Path> scratchTarget)
            throws IOException {
        ScratchDirectories.delete(scratchTarget.orElseGet(() -> DataDirectoryTarget.parse(metadata)
                .resumableFor(point.context().account().accountId(), point.context().hostPaths()).targetPath()));
    }

    private static DataDirectoryTarget target(ContinuousPoint point, Map<String, String> metadata) {
        return DataDirectoryTarget.parse(metadata).allowedFor(point.context().account().accountId(),
                point.context().hostPaths());
    }

    @Override
    public List<String> snapshots(String state) {
        return WalStreamState.parse(state).map(WalStreamState::snapshots).orElse(List.of());
    }
}
