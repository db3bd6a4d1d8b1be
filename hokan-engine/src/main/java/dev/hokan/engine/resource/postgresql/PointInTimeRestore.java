package dev.hokan.engine.resource.postgresql;

import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.ContinuousPoint;
import dev.hokan.engine.resource.PointInTime;
import dev.hokan.engine.resource.postgresql.WalStreamState.BaseBackup;
import dev.hokan.engine.resource.postgresql.WalStreamState.SealedSegment;
import dev.hokan.store.NoSuchSnapshotException;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A restore of a continuous PostgreSQL point to a moment: the latest base backup that ended at or before it, then the
 * WAL sealed after that backup's start in {@code hokan_wal/} inside the data directory (the last, partial segment
 * padded to the segment size), {@code recovery.signal}, and in {@code postgresql.auto.conf} a {@code restore_command}
 * reading from {@code hokan_wal/} (it runs in the data directory). The WAL ends where the first transaction committed
 * after the moment has its commit record, so recovery replays all of it and stops exactly where a recovery target
 * time would; the segments after that one are not restored. A target is not used: PostgreSQL removes
 * {@code recovery.signal} before its end-of-recovery checkpoint, and a first start that stops at that moment would, on
 * the next, replay every segment it had fetched, past the target. The data directory needs nothing from Hokan to
 * start.
 */
final class PointInTimeRestore {
    static final String WAL_DIRECTORY = "hokan_wal";

    private final ContinuousPoint point;
    private final WalStreamState state;
    private final DataDirectoryTarget target;

    PointInTimeRestore(ContinuousPoint point, WalStreamState state, DataDirectoryTarget target) {
        this.point = point;
        this.state = state;
        this.target = target;
    }

    RestoreResult run(PointInTime at, ProgressListener progress) throws IOException, InterruptedException {
        Instant time = at.latest() ? state.latestRestorable().orElseThrow(PointInTimeRestore::nothingRestorable) : at.time();
        BaseBackup base = state.baseFor(time).orElseThrow(PointInTimeRestore::nothingRestorable);
        RestoreResult result;
        try (RestoreSink<?> sink = target.open()) {
            result = point.withVault(vault -> vault.restore(new RestoreRequest(base.snapshotId(), sink, List.of(),
                    progress)));
        }
        Path data = target.targetPath();
        DataDirectoryTarget.Owner owner = target.owner();
        Path wal = Files.createDirectory(data.resolve(WAL_DIRECTORY),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        owner.own(wal);
        List<SealedSegment> segments = state.segmentsAfter(base);
        WalCommits commits = new WalCommits(data, wal, state.timeline(), base.start());
        for (SealedSegment segment : segments) {
            Path file = segmentFile(wal, segment.start());
            restoreSegment(segment, file);
            try (RandomAccessFile padded = new RandomAccessFile(file.toFile(), "rw")) {
                padded.setLength(state.segmentSize());
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            owner.own(file);
            if (!at.latest()) {
                OptionalLong after = commits.firstCommitAfter(time, segment.start() + state.segmentSize());
                if (after.isPresent()) {
                    endWalAt(wal, segments, after.getAsLong());
                    break;
                }
            }
        }
        Path signal = Files.writeString(data.resolve("recovery.signal"), "");
        owner.own(signal);
        String conf = "\n# Written by Hokan: recovery to " + (at.latest() ? "the latest restorable time" : time) + '\n'
                + "restore_command = 'cp \"" + WAL_DIRECTORY + "/%f\" \"%p\"'\n"
                + "recovery_target_timeline = 'current'\n"
                + "recovery_target_action = 'promote'\n";
        Path auto = data.resolve("postgresql.auto.conf");
        Files.writeString(auto, conf, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        owner.own(auto);
        return result;
    }

    /**
     * Ends the WAL in {@code wal} at {@code position}: the rest of its segment becomes zeros, which PostgreSQL reads as
     * the end of the WAL, and a later segment already there (the commit record began in the one before) is removed.
     */
    private void endWalAt(Path wal, List<SealedSegment> segments, long position) throws IOException {
        long end = WalPositions.segmentStart(position, state.segmentSize());
        try (RandomAccessFile last = new RandomAccessFile(segmentFile(wal, end).toFile(), "rw")) {
            last.setLength(position - end);
            last.setLength(state.segmentSize());
        }
        for (SealedSegment segment : segments) {
            if (segment.start() > end) {
                Files.deleteIfExists(segmentFile(wal, segment.start()));
            }
        }
    }

    private Path segmentFile(Path wal, long segmentStart) {
        return wal.resolve(WalPositions.segmentName(state.timeline(), segmentStart, state.segmentSize()));
    }

    /**
     * Writes the segment's sealed WAL into {@code file}. The stream may seal the segment again meanwhile, replacing the
     * snapshot this restore started from with a longer one: then the segment is read from the newer one.
     */
    private void restoreSegment(SealedSegment segment, Path file) throws IOException, InterruptedException {
        String snapshotId = segment.snapshotId();
        for (int attempt = 1; ; attempt++) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                String id = snapshotId;
                point.withVault(vault -> vault.restore(new RestoreRequest(id, RestoreSink.stream(channel), List.of(),
                        ProgressListener.NONE)));
                return;
            } catch (NoSuchSnapshotException e) {
                Optional<String> resealed = WalStreamState.parse(point.state()).stream()
                        .flatMap(s -> s.segments().stream()).filter(s -> s.start() == segment.start())
                        .map(SealedSegment::snapshotId).filter(id -> !id.equals(segment.snapshotId())).findFirst();
                if (resealed.isEmpty() || attempt == 5) {
                    throw e;
                }
                snapshotId = resealed.get();
            }
        }
    }

    private static ServiceException nothingRestorable() {
        return ServiceException.invalidRequest("The continuous recovery point has no base backup to restore that"
                + " moment from");
    }
}
