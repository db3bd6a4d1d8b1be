package dev.hokan.store.copy;

import dev.hokan.store.ChunkId;
import dev.hokan.store.FileProblem;
import dev.hokan.store.ObjectId;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.snapshot.Manifest;
import java.time.Instant;
import java.util.LinkedHashMap;
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

    static CopyManifest of(Manifest source) {
        return new CopyManifest(source.resource(), source.time(), source.status(), source.tags(), source.root(),
                source.sourcePath(), source.host(), source.fileCount(), source.totalBytes(), source.problems(), source.skipped());
    }

    /** The copy's manifest: the source's, with the destination's own tags on top of the source's. */
    Manifest toManifest(ObjectId id, ChunkId root, Map<String, String> ownTags) {
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        allTags.putAll(ownTags);
        return new Manifest(id, resource, time, status, allTags, root, "", sourcePath, host, fileCount, totalBytes, problems, skipped);
    }
}
