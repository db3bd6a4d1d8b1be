package dev.hokan.store.backup;

import dev.hokan.store.FileProblem;
import dev.hokan.store.ObjectId;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.chunk.Chunker;
import dev.hokan.store.parts.Sessions;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.parts.WriteSession;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One backup into an open vault: the source is archived against the resource's latest snapshot, whose
 * unchanged files are not read again, and the manifest is written last, after the packs and index.
 */
public final class Backup {
    private final VaultParts parts;
    private final Chunker chunker;

    @SuppressWarnings("exports")
    public Backup(VaultParts parts, Chunker chunker) {
        this.parts = parts;
        this.chunker = chunker;
    }

    public BackupResult run(BackupRequest request) throws IOException, InterruptedException {
        BackupSource source = request.source();
        Instant started = parts.clock().instant();
        long startNanos = System.nanoTime();
        try (var session = parts.sessions().register("backup");
             WriteSession writer = parts.startWriting()) {
            Optional<Manifest> parent = latest(request.resource());
            Tree parentRoot = parent.map(this::parentTree).orElse(null);
            Archiver.Result archived;
            try (Archiver archiver = new Archiver(writer, parts.loader(), chunker, parts.keys().hasher(), request.progress(), request.finish())) {
                archived = archiver.archive(source, parentRoot, parentRoot == null ? 0 : parent.get().totalBytes());
            }
            writer.commit();
            NotReached notReached = archived.notReached();
            SnapshotStatus status = archived.problems().isEmpty() && archived.inconsistent().isEmpty()
                    && notReached == null ? SnapshotStatus.COMPLETE : SnapshotStatus.PARTIAL;
            List<FileProblem> recorded = Stream.of(archived.problems().stream(),
                    archived.inconsistent().stream().map(FileProblem::inconsistent),
                    Stream.ofNullable(notReached).map(NotReached::asProblem)).flatMap(s -> s).toList();
            Manifest manifest = new Manifest(ObjectId.random(), request.resource(), started, status, request.tags(),
                    archived.root(), parent.map(m -> m.id().hex()).orElse(""), source.location(), Sessions.host(),
                    archived.files(), archived.bytes(), recorded, archived.skipped());
            parts.manifests().write(manifest);
            BackupStats stats = new BackupStats(archived.files(), archived.bytes(), archived.unchanged(), writer.newChunks(),
                    writer.newBytes(), writer.storedBytes(), Duration.ofNanos(System.nanoTime() - startNanos));
            return new BackupResult(manifest.id().hex(), status, archived.problems(), archived.inconsistent(),
                    archived.skipped(), notReached, stats);
        }
    }

    private Optional<Manifest> latest(String resource) throws IOException {
        return parts.manifests().readable().stream().filter(m -> m.resource().equals(resource)).max(Comparator.comparing(Manifest::time));
    }

    private Tree parentTree(Manifest parent) {
        try {
            return parts.loader().tree(parent.root());
        } catch (IOException unreadable) {
            // an unreadable parent only costs speed: everything is read again
            return null;
        }
    }
}
