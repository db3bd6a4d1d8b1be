package dev.hokan.engine.resource.postgresql;

import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.ContinuousPoint;
import dev.hokan.engine.resource.PointInTime;
import dev.hokan.engine.resource.postgresql.WalStreamState.BaseBackup;
import dev.hokan.engine.resource.postgresql.WalStreamState.SealedSegment;
import dev.hokan.store.NoSuchSnapshotException;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.posix.OpenDirectory;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A restore of a continuous PostgreSQL point to a moment: the latest base backup that ended at or before it, then the
 * WAL sealed after that backup's start in {@code hokan_wal/} inside the data directory (the last, partial segment
 * padded to the segment size), {@code recovery.signal}, and in {@code postgresql.auto.conf} a {@code restore_command}
 * reading from {@code hokan_wal/} (it runs in the data directory). The WAL ends where the first transaction committed
 * after the moment has its commit record, so recovery replays all of it and stops exactly where a recovery target
 * time would; the segments after that one are not kept. A target is not used: PostgreSQL removes
 * {@code recovery.signal} before its end-of-recovery checkpoint, and a first start that stops at that moment would, on
 * the next, replay every segment it had fetched, past the target. The data directory needs nothing from Hokan to
 * start.
 */
final class PointInTimeRestore {
    static final String WAL_DIRECTORY = "hokan_wal";
    private static final String AUTO_CONF = "postgresql.auto.conf";
    private static final String RECOVERY_SIGNAL = "recovery.signal";
    /** What a segment's file is named while it fills. */
    private static final String FILLING = ".filling";
    /** Segments restored at once beyond the one needed next. */
    private static final int SEGMENTS_AHEAD = 2;

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
        try (OpenDirectory directory = OpenDirectory.open(data)) {
            // Hokan's (usually root's) until it is complete: the data directory's owner can neither put a symlink in
            // it meanwhile nor redirect the writes below, which all go through the directories' descriptors
            Files.createDirectory(directory.entryPath(WAL_DIRECTORY),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (OpenDirectory wal = directory.directory(WAL_DIRECTORY)) {
                for (Path file : writeWal(at.latest() ? Optional.empty() : Optional.of(time), base, data, wal)) {
                    owner.own(file);
                }
            }
            owner.own(directory.entryPath(WAL_DIRECTORY));
            Path signal = directory.entryPath(RECOVERY_SIGNAL);
            try {
                Files.write(signal, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw ServiceException.invalidRequest("Something other than the restore put " + RECOVERY_SIGNAL
                        + " in the restored data directory " + data + " while it ran; Hokan creates that file itself"
                        + " and follows no symlink there");
            }
            owner.own(signal);
            String conf = "\n# Written by Hokan: recovery to " + (at.latest() ? "the latest restorable time" : time)
                    + '\n' + "restore_command = 'cp \"" + WAL_DIRECTORY + "/%f\" \"%p\"'\n"
                    + "recovery_target_timeline = 'current'\n"
                    + "recovery_target_action = 'promote'\n";
            appendSettings(directory.entryPath(AUTO_CONF), conf);
            owner.own(directory.entryPath(AUTO_CONF));
        }
        return result;
    }

    /**
     * Writes the WAL sealed after {@code base}'s start into {@code wal}; for a moment, only up to the first commit
     * after it. Returns the segment files written. Segments are restored a few ahead of the one {@code pg_waldump}
     * reads: one after the other, restoring was most of a restore to a moment (23 segments at 59-85 ms each, profiled).
     */
    private List<Path> writeWal(Optional<Instant> moment, BaseBackup base, Path data, OpenDirectory wal)
            throws IOException, InterruptedException {
        List<SealedSegment> segments = state.segmentsAfter(base);
        WalCommits commits = new WalCommits(data, wal.pathForChildren(), state.timeline(), base.start());
        List<Path> written = new ArrayList<>();
        OptionalLong cut = OptionalLong.empty();
        try (ExecutorService restorers = Executors.newVirtualThreadPerTaskExecutor()) {
            Deque<Restoring> ahead = new ArrayDeque<>();
            try {
                for (int next = 0; cut.isEmpty() && (next < segments.size() || !ahead.isEmpty()); ) {
                    while (next < segments.size() && ahead.size() <= SEGMENTS_AHEAD) {
                        SealedSegment segment = segments.get(next++);
                        ahead.add(new Restoring(segment, restorers.submit(() -> restoreSegment(wal, segment))));
                    }
                    Restoring first = ahead.removeFirst();
                    written.add(first.file());
                    if (moment.isPresent()) {
                        cut = commits.firstCommitAfter(moment.get(), first.segment().start() + state.segmentSize());
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                ahead.forEach(restoring -> restoring.restored().cancel(true));
                throw e;
            }
            // the segments being restored ahead of a cut are left to end, not interrupted; endWalAt removes them
        }
        return cut.isPresent() ? endWalAt(wal, written, cut.getAsLong()) : written;
    }

    /** A segment being restored, in the background, into its file. */
    private record Restoring(SealedSegment segment, Future<Path> restored) {
        Path file() throws IOException, InterruptedException {
            try {
                return restored.get();
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case IOException io -> throw io;
                    case RuntimeException unchecked -> throw unchecked;
                    case Error error -> throw error;
                    default -> throw new IOException(e.getCause());
                }
            }
        }
    }

    /** Appends to postgresql.auto.conf, a regular file: a symlink in its place is refused, never followed. */
    private static void appendSettings(Path conf, String settings) throws IOException {
        try {
            Files.writeString(conf, settings, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(conf)) {
                throw ServiceException.invalidRequest("The restored data directory's " + AUTO_CONF + " became a"
                        + " symlink (to " + Files.readSymbolicLink(conf) + ") while the restore ran; Hokan writes the"
                        + " recovery settings into a regular file only, and follows no symlink there");
            }
            throw e;
        }
    }

    /**
     * Ends the WAL at {@code position}: the rest of its segment becomes zeros, which PostgreSQL reads as the end of the
     * WAL, and every later segment already written (the commit record began in the one before, or it was restored
     * ahead) is removed. Returns the segment files kept.
     */
    private List<Path> endWalAt(OpenDirectory wal, List<Path> written, long position) throws IOException {
        long end = WalPositions.segmentStart(position, state.segmentSize());
        Path last = segmentFile(wal, end);
        try (RandomAccessFile cut = new RandomAccessFile(last.toFile(), "rw")) {
            cut.setLength(position - end);
            cut.setLength(state.segmentSize());
        }
        List<Path> kept = written.subList(0, written.indexOf(last) + 1);
        Set<String> keptNames = kept.stream().map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        for (String name : wal.names()) {
            if (!keptNames.contains(name)) {
                Files.delete(wal.entryPath(name));
            }
        }
        return kept;
    }

    private Path segmentFile(OpenDirectory wal, long segmentStart) {
        return wal.entryPath(WalPositions.segmentName(state.timeline(), segmentStart, state.segmentSize()));
    }

    /**
     * Restores the segment into its file in {@code wal}, padded to the segment size, and returns the file. It fills
     * under another name and takes its own only once complete: {@code pg_waldump}, reading the segment before, opens
     * this one to finish a record that runs into it, and failed on one half-written (tried).
     */
    private Path restoreSegment(OpenDirectory wal, SealedSegment segment) throws IOException, InterruptedException {
        Path file = segmentFile(wal, segment.start());
        Path filling = file.resolveSibling(file.getFileName() + FILLING);
        try {
            restoreInto(segment, filling);
            try (RandomAccessFile padded = new RandomAccessFile(filling.toFile(), "rw")) {
                padded.setLength(state.segmentSize());
            }
            Files.setPosixFilePermissions(filling, PosixFilePermissions.fromString("rw-------"));
            Files.move(filling, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                Files.deleteIfExists(filling);
            } catch (IOException left) {
                e.addSuppressed(left);
            }
            throw e;
        }
    }

    /**
     * Writes the segment's sealed WAL into {@code file}. The stream may seal the segment again meanwhile, replacing the
     * snapshot this restore started from with a longer one: then the segment is read from the newer one.
     */
    private void restoreInto(SealedSegment segment, Path file) throws IOException, InterruptedException {
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
