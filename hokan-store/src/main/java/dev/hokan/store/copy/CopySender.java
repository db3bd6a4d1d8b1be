package dev.hokan.store.copy;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.crypto.CryptoWarmup;
import dev.hokan.store.parts.BlobLoader;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The source half of a copy. Walks the recovery point breadth-first, one directory level at a time: asks the
 * destination which trees of the level it lacks (a tree it holds is skipped with everything under it), reads
 * those, asks which of their files' chunks it lacks and sends them, and at the end sends the lacking trees
 * deepest first, so that every tree arrives after what it refers to. Nothing becomes visible at the destination
 * before {@link CopyDestination#commit}; a copy interrupted before is resumed by sending it again, and only
 * what did not arrive travels.
 */
public final class CopySender {
    static final int DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;
    private static final int QUESTION_IDS = 10_000;
    private static final int BATCH_BLOBS = 10_000;
    private final int batchBytes;

    public CopySender() {
        this(DEFAULT_BATCH_BYTES);
    }

    /** Tests use small batches to interrupt copies between them. */
    public CopySender(int batchBytes) {
        this.batchBytes = batchBytes;
    }

    /** {@code progress} counts plaintext bytes sent out of those found lacking so far. */
    @SuppressWarnings("exports")
    public CopyResult send(VaultParts source, String snapshotId, CopyDestination destination, ProgressListener progress)
            throws IOException, InterruptedException {
        CryptoWarmup.start(CryptoWarmup.Work.OPENING);
        CryptoWarmup.start(CryptoWarmup.Work.SEALING);
        long started = System.nanoTime();
        try (var session = source.sessions().register("copy-source");
             ExecutorService shipper = Executors.newVirtualThreadPerTaskExecutor()) {
            Manifest manifest = source.manifests().read(snapshotId);
            source.index().refresh();
            Transfer transfer = new Transfer(source.loader(), destination, progress, shipper);
            transfer.walk(manifest.root());
            transfer.sendTrees();
            String copied = destination.commit(CopyManifest.of(manifest));
            return new CopyResult(copied, transfer.blobsSent, transfer.bytesSent, transfer.bytesStored,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private final class Transfer {
        private final BlobLoader loader;
        private final CopyDestination destination;
        private final ProgressListener progress;
        private final ExecutorService shipper;
        /** The batch the destination is receiving while the next one is read and unsealed here. */
        private Future<BatchReceipt> shipping;
        private long shippingBlobs;
        private long shippingBytes;
        /** Trees the destination lacks, by the deepest level they were met at, and their subtrees. */
        private final Map<ChunkId, Integer> lacking = new HashMap<>();
        private final Map<ChunkId, List<ChunkId>> subtrees = new HashMap<>();
        private final Set<ChunkId> held = new HashSet<>();
        private final List<CopyBlob> batch = new ArrayList<>();
        private final Set<ChunkId> batched = new HashSet<>();
        private long batchSize;
        private long blobsSent;
        private long bytesSent;
        private long bytesStored;
        private long bytesLacking;

        Transfer(BlobLoader loader, CopyDestination destination, ProgressListener progress, ExecutorService shipper) {
            this.loader = loader;
            this.destination = destination;
            this.progress = progress;
            this.shipper = shipper;
        }

        void walk(ChunkId root) throws IOException, InterruptedException {
            Set<ChunkId> level = Set.of(root);
            for (int depth = 0; !level.isEmpty(); depth++) {
                Set<ChunkId> next = new LinkedHashSet<>();
                List<ChunkId> unasked = new ArrayList<>();
                for (ChunkId tree : level) {
                    if (lacking.containsKey(tree)) {
                        // met again deeper: it, and so everything under it, must arrive earlier
                        lacking.put(tree, depth);
                        next.addAll(subtrees.get(tree));
                    } else if (!held.contains(tree)) {
                        unasked.add(tree);
                    }
                }
                List<ChunkId> chunks = new ArrayList<>();
                for (List<ChunkId> question : slices(unasked)) {
                    Set<ChunkId> missing = missing(question);
                    for (ChunkId tree : question) {
                        if (!missing.contains(tree)) {
                            held.add(tree);
                            continue;
                        }
                        checkInterrupted();
                        List<ChunkId> subs = new ArrayList<>();
                        for (Node node : loader.tree(tree).nodes()) {
                            if (node.type() == NodeType.DIRECTORY) {
                                subs.add(node.subtree());
                            } else if (node.type() == NodeType.FILE) {
                                chunks.addAll(node.content());
                            }
                        }
                        lacking.put(tree, depth);
                        subtrees.put(tree, subs);
                        next.addAll(subs);
                        bytesLacking += loader.sizeOf(tree);
                        if (chunks.size() >= QUESTION_IDS) {
                            sendData(chunks);
                            chunks.clear();
                        }
                    }
                }
                sendData(chunks);
                level = next;
            }
        }

        private void sendData(List<ChunkId> chunks) throws IOException, InterruptedException {
            List<ChunkId> candidates = chunks.stream().distinct().filter(id -> !batched.contains(id)).toList();
            for (List<ChunkId> question : slices(candidates)) {
                Set<ChunkId> missing = missing(question);
                List<ChunkId> send = question.stream().filter(missing::contains).toList();
                for (ChunkId id : send) {
                    bytesLacking += loader.sizeOf(id);
                }
                for (ChunkId id : send) {
                    checkInterrupted();
                    add(new CopyBlob(BlobType.DATA, id, loader.load(id, BlobType.DATA)));
                }
            }
        }

        void sendTrees() throws IOException, InterruptedException {
            List<ChunkId> deepestFirst = lacking.entrySet().stream()
                    .sorted(Map.Entry.<ChunkId, Integer>comparingByValue(Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).toList();
            for (ChunkId tree : deepestFirst) {
                checkInterrupted();
                add(new CopyBlob(BlobType.TREE, tree, loader.load(tree, BlobType.TREE)));
            }
            flush();
            awaitShipped();
        }

        /** Asks once the batch on its way has arrived, so that the answer counts it. */
        private Set<ChunkId> missing(List<ChunkId> question) throws IOException, InterruptedException {
            awaitShipped();
            return destination.missing(question);
        }

        private void add(CopyBlob blob) throws IOException, InterruptedException {
            int size = blob.plaintext().length;
            if (size > CopyDestination.MAX_BATCH_BYTES) {
                throw new IOException((blob.type() == BlobType.TREE ? "tree " : "chunk ") + blob.sourceId() + " has "
                        + size + " bytes, more than a copy batch may carry");
            }
            if (!batch.isEmpty() && (batchSize + size > batchBytes || batch.size() == BATCH_BLOBS)) {
                flush();
            }
            batch.add(blob);
            batched.add(blob.sourceId());
            batchSize += size;
        }

        /** Ships the batch; the destination receives it while the next one is being read. */
        private void flush() throws IOException, InterruptedException {
            if (batch.isEmpty()) {
                return;
            }
            awaitShipped();
            List<CopyBlob> shipped = List.copyOf(batch);
            shipping = shipper.submit(() -> destination.receive(shipped));
            shippingBlobs = batch.size();
            shippingBytes = batchSize;
            batch.clear();
            batched.clear();
            batchSize = 0;
        }

        private void awaitShipped() throws IOException, InterruptedException {
            if (shipping == null) {
                return;
            }
            BatchReceipt receipt;
            try {
                receipt = shipping.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("Sending a copy batch failed: " + e.getCause(), e.getCause());
            } finally {
                shipping = null;
            }
            blobsSent += shippingBlobs;
            bytesSent += shippingBytes;
            bytesStored += receipt.storedBytes();
            progress.progress(bytesSent, bytesLacking);
        }

        private static List<List<ChunkId>> slices(List<ChunkId> ids) {
            List<List<ChunkId>> slices = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += QUESTION_IDS) {
                slices.add(ids.subList(from, Math.min(ids.size(), from + QUESTION_IDS)));
            }
            return slices;
        }

        private static void checkInterrupted() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException("copy stopped");
            }
        }
    }
}
