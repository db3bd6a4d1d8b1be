package dev.hokan.engine.resource.s3;

import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.ChunkId;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Every object of a bucket, in one pass of its listing, as a tree: each key a path ({@code photos/2024/a.jpg} the
 * file {@code a.jpg} in {@code photos/2024}), each object's metadata and tags its file's extended attributes
 * ({@link ObjectMetadata}). A key ending in {@code /} (a folder marker) only makes its directory, its content is not
 * kept; a key that cannot be
 * a path (an empty, {@code .} or {@code ..} part) or that is also the prefix of other keys is reported and left out.
 *
 * <p>An object whose ETag, size and LastModified match the previous snapshot's is not read: the node keeps the time
 * in its times and a hash of the ETag in its inode, which is what the archive compares. Its metadata and tags are the
 * previous snapshot's (changing metadata changes LastModified; tags changed alone are seen when the object is read
 * again). The other objects are read {@value #PARALLEL_READS} ahead in parallel: those up to {@value #SMALL} bytes
 * whole, larger ones streamed as their turn comes, so memory stays bounded whatever the object sizes.
 *
 * <p>A versioned bucket is listed with its versions ({@code ListObjectVersions}): the current object of each key is
 * kept at its path as above, and every other version and every delete marker as the file
 * {@code .hokan-s3-versions/KEY/VERSION_ID} (a marker empty, with the attribute {@code user.s3.delete-marker}), each
 * with {@code user.s3.version-id}. A version never changes, so one the previous snapshot holds, at either place, is
 * not read again. Keys under {@code .hokan-s3-versions/} itself are reported and left out.
 */
final class BucketSource implements BackupSource {
    /** The directory of a versioned bucket's snapshot that holds its older versions and delete markers. */
    static final String VERSIONS = ".hokan-s3-versions";
    private static final int PARALLEL_READS = 8;
    private static final long SMALL = 1 << 20;
    private static final int NOT_IMPLEMENTED = 501;

    private final BucketAccess access;
    private final S3Client s3;
    /** Each directory met, by its path from the root ("" for the root), with its entries by name. */
    private final Map<String, Map<String, CompletableFuture<Node>>> directories = new HashMap<>();
    /** The previous snapshot's tree of each directory looked at (null when it had none). */
    private final Map<String, Tree> parentTrees = new HashMap<>();
    private Archive archive;
    private volatile boolean taggingImplemented = true;

    /**
     * One entry of the listing: the current object of a key, or in a versioned bucket one version of it or one delete
     * marker ({@code versionId} null: the current object, read by its key).
     */
    private record Listed(String key, String versionId, boolean latest, boolean deleteMarker, Instant lastModified,
                          String eTag, long size) {
        static Listed of(S3Object object) {
            return new Listed(object.key(), null, true, false, object.lastModified(), object.eTag(), object.size());
        }

        static Listed of(ObjectVersion version) {
            return new Listed(version.key(), version.versionId(), version.isLatest(), false, version.lastModified(),
                    version.eTag(), version.size());
        }

        static Listed of(DeleteMarkerEntry marker) {
            return new Listed(marker.key(), marker.versionId(), marker.isLatest(), true, marker.lastModified(),
                    "delete-marker:" + marker.versionId(), 0);
        }

        /** Whether the entry is kept at its key's path: the current object; the rest go under {@link #VERSIONS}. */
        boolean current() {
            return latest && !deleteMarker;
        }
    }

    /** An object to store: found in the listing, and what is being fetched of it. */
    private record Pending(Listed listed, String directory, Node found, Future<Fetched> fetched) {
        String key() {
            return listed.key();
        }
    }

    /** What was fetched ahead: the object's tags, and for a small object its response and bytes (else null). */
    private record Fetched(List<Tag> tags, GetObjectResponse response, byte[] bytes) {
    }

    BucketSource(BucketAccess access, S3Client s3) {
        this.access = access;
        this.s3 = s3;
    }

    @Override
    public String location() {
        return "s3://" + access.bucket();
    }

    @Override
    public CompletableFuture<ChunkId> read(Archive archive, Tree parent) throws IOException, InterruptedException {
        this.archive = archive;
        directories.put("", new LinkedHashMap<>());
        parentTrees.put("", parent);
        try (s3; ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor()) {
            Iterator<Listed> listing = versioned() ? versions() : s3.listObjectsV2Paginator(r -> r.bucket(access.bucket()))
                    .contents().stream().map(Listed::of).iterator();
            Deque<Pending> ahead = new ArrayDeque<>();
            while (true) {
                while (ahead.size() < PARALLEL_READS && listing.hasNext()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("backup stopped");
                    }
                    Pending pending = listed(listing.next(), fetchers);
                    if (pending != null) {
                        ahead.add(pending);
                    }
                }
                Pending next = ahead.poll();
                if (next == null) {
                    break;
                }
                if (archive.finishRequested()) {
                    archive.notReached(next.key());
                    continue;
                }
                store(next);
            }
        } catch (SdkException e) {
            throw new IOException("Bucket " + access.describe() + " could not be read: " + BucketAccess.reason(e), e);
        }
        return trees();
    }

    /** Whether the bucket keeps versions (versioning enabled, or suspended after it was). */
    private boolean versioned() {
        try {
            return s3.getBucketVersioning(r -> r.bucket(access.bucket())).status() != null;
        } catch (S3Exception e) {
            if (e.statusCode() != NOT_IMPLEMENTED) {
                throw e;
            }
            return false;
        }
    }

    /** Every version and delete marker, page by page, as one listing. */
    private Iterator<Listed> versions() {
        return s3.listObjectVersionsPaginator(r -> r.bucket(access.bucket())).stream()
                .flatMap(page -> Stream.concat(page.versions().stream().map(Listed::of),
                        page.deleteMarkers().stream().map(Listed::of)))
                .iterator();
    }

    /** Takes an entry of the listing: left out, unchanged since the parent snapshot, or to be read (fetched ahead). */
    private Pending listed(Listed object, ExecutorService fetchers) throws IOException, InterruptedException {
        String key = object.key();
        if (archive.finishRequested()) {
            archive.notReached(key);
            return null;
        }
        if (key.equals(VERSIONS) || key.startsWith(VERSIONS + "/")) {
            archive.problem(key, "keys under " + VERSIONS + "/ are where Hokan keeps a bucket's older versions; the"
                    + " object is not kept");
            return null;
        }
        List<String> parts = List.of(key.split("/", -1));
        // some services (s3proxy on a file system) list their directories as such keys, with a size
        boolean folderMarker = key.endsWith("/");
        List<String> names = folderMarker ? parts.subList(0, parts.size() - 1) : parts;
        if (names.stream().anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals("..") || p.indexOf('\0') >= 0)) {
            archive.problem(key, "the key cannot be a path (an empty, \".\" or \"..\" part); the object is not kept");
            return null;
        }
        if (folderMarker) {
            if (object.current()) {
                directory(String.join("/", names));
            }
            return null;
        }
        String name = object.current() ? names.getLast() : object.versionId();
        String keyDir = String.join("/", names.subList(0, names.size() - 1));
        String dir = object.current() ? keyDir : VERSIONS + "/" + key;
        Node found = node(name, object.lastModified(), object.eTag(), object.size());
        // a version listed before as its key's current object is the same version: not read again either
        for (Node previous : Stream.of(previous(dir, name), object.current() ? null : previous(keyDir, names.getLast()))
                .filter(Objects::nonNull).toList()) {
            CompletableFuture<Node> unchanged = archive.unchanged(found, previous);
            if (unchanged != null) {
                add(dir, key, name, unchanged);
                return null;
            }
        }
        if (object.deleteMarker()) {
            Node marker = found.withAttributes(ObjectMetadata.deleteMarker(object.versionId()).attributes());
            archive.scanned(marker);
            Content nothing = archive.read(Channels.newChannel(new ByteArrayInputStream(new byte[0])), 0);
            add(dir, key, name, archive.file(marker, nothing, false));
            return null;
        }
        boolean small = object.size() <= SMALL;
        return new Pending(object, dir, found, fetchers.submit(() -> fetch(object, small)));
    }

    /** The node named so in the previous snapshot's directory at {@code path}, or null. */
    private Node previous(String path, String name) {
        Tree tree = parentTree(path);
        return tree == null ? null : tree.find(name).orElse(null);
    }

    private Fetched fetch(Listed object, boolean small) {
        List<Tag> tags = tags(object);
        if (!small) {
            return new Fetched(tags, null, null);
        }
        var bytes = s3.getObjectAsBytes(r -> r.bucket(access.bucket()).key(object.key()).versionId(object.versionId()));
        return new Fetched(tags, bytes.response(), bytes.asByteArray());
    }

    /** The object's tags; none where the service does not implement tagging (as s3proxy), which is asked once. */
    private List<Tag> tags(Listed object) {
        if (!taggingImplemented) {
            return List.of();
        }
        try {
            return s3.getObjectTagging(r -> r.bucket(access.bucket()).key(object.key()).versionId(object.versionId()))
                    .tagSet();
        } catch (S3Exception e) {
            if (e.statusCode() != NOT_IMPLEMENTED) {
                throw e;
            }
            taggingImplemented = false;
            return List.of();
        }
    }

    /** Reads one object into the archive, as its file in its directory. */
    private void store(Pending pending) throws IOException, InterruptedException {
        Fetched fetched;
        try {
            fetched = pending.fetched().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                archive.skipped(pending.key() + " (deleted while the backup ran)");
                return;
            }
            if (e.getCause() instanceof SdkException s3Failure) {
                throw s3Failure;
            }
            throw new IOException("Object " + pending.key() + " could not be read: " + e.getCause(), e.getCause());
        }
        GetObjectResponse response = fetched.response();
        ResponseInputStream<GetObjectResponse> stream = null;
        ReadableByteChannel channel;
        if (fetched.bytes() != null) {
            channel = Channels.newChannel(new ByteArrayInputStream(fetched.bytes()));
        } else {
            try {
                stream = s3.getObject(r -> r.bucket(access.bucket()).key(pending.key())
                        .versionId(pending.listed().versionId()));
            } catch (NoSuchKeyException gone) {
                archive.skipped(pending.key() + " (deleted while the backup ran)");
                return;
            }
            response = stream.response();
            channel = Channels.newChannel(stream);
        }
        boolean readWhole = false;
        try {
            Content content = archive.read(channel, response.contentLength());
            readWhole = content != null;
            if (content == null) {
                archive.notReached(pending.key());
                return;
            }
            // the object read may be newer than the one listed: the node describes what was read
            Node file = node(pending.found().name(), response.lastModified(), response.eTag(), content.length())
                    .withAttributes(ObjectMetadata.of(response, fetched.tags()).attributes());
            archive.scanned(file);
            add(pending.directory(), pending.key(), pending.found().name(), archive.file(file, content, false));
        } finally {
            if (stream != null && readWhole) {
                stream.close();
            } else if (stream != null) {
                // closing would read the rest of the object first
                stream.abort();
            }
        }
    }

    /** A file node for an object: its LastModified as both times, its ETag's hash as its inode. */
    private static Node node(String name, Instant lastModified, String eTag, long size) {
        long nanos = lastModified.getEpochSecond() * 1_000_000_000L + lastModified.getNano();
        return Node.builder().name(name).type(NodeType.FILE).mode(0644).mtimeNanos(nanos).ctimeNanos(nanos)
                .inode(eTagHash(eTag)).links(1).size(size).build();
    }

    private static long eTagHash(String eTag) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eTag.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(String directory, String key, String name, CompletableFuture<Node> file) {
        Map<String, CompletableFuture<Node>> entries = directory(directory);
        if (directories.containsKey(directory.isEmpty() ? name : directory + "/" + name)) {
            archive.problem(key, "the key is also the prefix of other keys; the object is not kept");
            return;
        }
        entries.put(name, file);
    }

    /** The entries of the directory at {@code path}, made (with its parents) when not met yet. */
    private Map<String, CompletableFuture<Node>> directory(String path) {
        Map<String, CompletableFuture<Node>> entries = directories.get(path);
        if (entries != null) {
            return entries;
        }
        if (!path.isEmpty()) {
            int slash = path.lastIndexOf('/');
            Map<String, CompletableFuture<Node>> parent = directory(slash < 0 ? "" : path.substring(0, slash));
            String name = path.substring(slash + 1);
            if (parent.remove(name) != null) {
                archive.problem(path, "the key is also the prefix of other keys; the object is not kept");
            }
        }
        entries = new LinkedHashMap<>();
        directories.put(path, entries);
        return entries;
    }

    /** The previous snapshot's tree of the directory at {@code path}, or null. */
    private Tree parentTree(String path) {
        if (parentTrees.containsKey(path)) {
            return parentTrees.get(path);
        }
        int slash = path.lastIndexOf('/');
        Tree above = parentTree(slash < 0 ? "" : path.substring(0, slash));
        Node previous = above == null ? null : above.find(path.substring(slash + 1)).orElse(null);
        Tree tree = previous != null && previous.type() == NodeType.DIRECTORY ? archive.parentTree(previous) : null;
        parentTrees.put(path, tree);
        return tree;
    }

    /** Stores the directories deepest first, so each one's subdirectories are entries of it when its tree is made. */
    private CompletableFuture<ChunkId> trees() {
        List<String> paths = directories.keySet().stream()
                .sorted(Comparator.comparingLong((String p) -> p.isEmpty() ? 0 : p.chars().filter(c -> c == '/').count() + 1)
                        .reversed())
                .toList();
        for (String path : paths) {
            List<CompletableFuture<Node>> entries = new ArrayList<>(directories.get(path).values());
            Node self = directoryNode(path.substring(path.lastIndexOf('/') + 1));
            if (path.isEmpty()) {
                return archive.tree(entries, self);
            }
            int slash = path.lastIndexOf('/');
            directories.get(slash < 0 ? "" : path.substring(0, slash))
                    .put(self.name(), archive.tree(entries, null).thenApply(self::withSubtree));
        }
        throw new IllegalStateException("the root directory is always among them");
    }

    private static Node directoryNode(String name) {
        return Node.builder().name(name).type(NodeType.DIRECTORY).mode(0755).links(1).build();
    }
}
