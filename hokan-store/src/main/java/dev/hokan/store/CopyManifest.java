package dev.hokan.store;

import dev.hokan.store.snapshot.Manifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a copy's destination needs to write its recovery point: the source manifest but for its ID, parent and root's ID. */
public record CopyManifest(String resource, Instant time, SnapshotStatus status, Map<String, String> tags,
                           ChunkId sourceRoot, String sourcePath, String host, long fileCount, long totalBytes,
                           List<FileProblem> problems, List<String> skipped) {
    public CopyManifest {
        tags = Map.copyOf(tags);
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }

    public static CopyManifest of(Manifest source) {
        return new CopyManifest(source.resource(), source.time(), source.status(), source.tags(), source.root(),
                source.sourcePath(), source.host(), source.fileCount(), source.totalBytes(), source.problems(), source.skipped());
    }

    /** This manifest with other tags: a copy may describe itself differently from its source. */
    public CopyManifest withTags(Map<String, String> replaced) {
        return new CopyManifest(resource, time, status, replaced, sourceRoot, sourcePath, host, fileCount, totalBytes,
                problems, skipped);
    }

    Manifest toManifest(ObjectId id, ChunkId root) {
        return new Manifest(id, resource, time, status, tags, root, "", sourcePath, host, fileCount, totalBytes, problems, skipped);
    }
}
