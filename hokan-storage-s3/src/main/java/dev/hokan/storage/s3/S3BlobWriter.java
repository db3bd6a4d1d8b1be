package dev.hokan.storage.s3;

import dev.hokan.store.blob.BlobWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An object written piece by piece. One of up to {@link #SINGLE_PUT_LIMIT} bytes, a pack of the default size among
 * them, goes up as one PUT at commit; a larger one as a multipart upload whose parts are sent while the next ones
 * fill, a few at once, and which S3 shows under its key only once completed. One PUT per pack rather than six
 * requests: s3proxy's filesystem store copies a completed upload's parts into one file, and a server's backup to it
 * took a third less time, s3proxy less than half the CPU. A writer that fails or is closed uncommitted aborts its
 * upload; one whose process dies leaves it to {@link S3BlobStore#removeAbandonedWrites()}.
 * <p>Memory: the parts held for single PUTs are bounded across all writers ({@link #HELD_PARTS_BOUND}): past the bound,
 * a writer waits for the parts of a PUT under way, and with none under way sends what it holds as a multipart upload,
 * so none waits on parts that nobody sends ({@link HeldParts}). A vault command's 2 GiB backup to s3proxy sent 5 of its
 * packs in parts when every writer at the bound did (85 requests, 11.0-11.4 s), and none once they waited (55 requests,
 * 9.3-10.4 s). Without the bound, every pack finished while the service was slower than the packing kept its parts
 * until its PUT, with no bound on how many. Part buffers pass from one writer to the next (the SDK sends them as they
 * are, without a copy), and as many are kept between writers as the writers at the bound use. A server's 2 GiB backup
 * to s3proxy on loopback (sharing the machine's two cores) allocated 345 MB of new parts with four packs held and the
 * spare buffers of one, each part a humongous object for the collector, and its resident set rose to 730-840 MiB. With
 * spare buffers for all the parts at the bound it rose to 510-600 MiB: 580-600 with four packs held, 550-570 with
 * three, 510-530 with two. Two made the backup slower, a third of its packs going up as multipart uploads, which
 * s3proxy copies into one file; three took the time four did, with one pack in seven sent in parts (bench/README.md).
 */
final class S3BlobWriter implements BlobWriter {
    static final int PART_SIZE = 8 * 1024 * 1024;
    /** A default pack (32 MiB) with its last blob and the pack's header. */
    static final int SINGLE_PUT_LIMIT = 5 * PART_SIZE;
    private static final int PARTS_IN_FLIGHT = 2;
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final ExecutorService SENDERS = Executors.newVirtualThreadPerTaskExecutor();
    /** Full parts all writers may hold for single PUTs at once: three default packs' worth. */
    static final int HELD_PARTS_BOUND = 3 * (SINGLE_PUT_LIMIT / PART_SIZE - 1);
    /**
     * Part buffers no writer uses at the moment, for the next part of any writer: the parts held at the bound and one
     * more single PUT's.
     */
    private static final SpareBuffers SPARE_PARTS =
            new SpareBuffers(PART_SIZE, HELD_PARTS_BOUND + SINGLE_PUT_LIMIT / PART_SIZE, Duration.ofSeconds(10));
    /** Past the HTTP client's read timeout, a writer sends in parts rather than wait for a PUT that may be stuck. */
    private static final HeldParts HELD_PARTS = new HeldParts(HELD_PARTS_BOUND, Duration.ofSeconds(30));

    private final S3BlobStore store;
    private final String s3Key;
    private final Semaphore inFlight = new Semaphore(PARTS_IN_FLIGHT);
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    /** Full parts kept for one PUT at commit, while the object is within {@link #SINGLE_PUT_LIMIT}. */
    private final List<byte[]> held = new ArrayList<>();
    private byte[] buffer = new byte[FIRST_BUFFER];
    private int filled;
    private long size;
    private String uploadId;
    private boolean committed;
    private boolean putStarted;
    private boolean closed;

    S3BlobWriter(S3BlobStore store, String s3Key) {
        this.store = store;
        this.s3Key = s3Key;
        SPARE_PARTS.enter();
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            if (filled == buffer.length) {
                if (buffer.length < PART_SIZE) {
                    // past the first small buffer, the object is most likely a pack: a whole part at once
                    byte[] part = SPARE_PARTS.take();
                    System.arraycopy(buffer, 0, part, 0, filled);
                    buffer = part;
                } else {
                    if (uploadId == null && (held.size() + 2L) * PART_SIZE <= SINGLE_PUT_LIMIT
                            && holdPart()) {
                        held.add(buffer);
                    } else {
                        sendHeldParts();
                        sendPart(buffer, filled);
                    }
                    buffer = SPARE_PARTS.take();
                    filled = 0;
                }
            }
            int n = Math.min(length - done, buffer.length - filled);
            System.arraycopy(data, offset + done, buffer, filled, n);
            filled += n;
            done += n;
        }
        size += length;
    }

    private static boolean holdPart() throws InterruptedIOException {
        try {
            return HELD_PARTS.hold();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for room to hold a part");
        }
    }

    /** How many part buffers are kept for the next writers at the moment. */
    static int spareParts() {
        return SPARE_PARTS.kept();
    }

    @Override
    public long size() {
        return size;
    }

    /**
     * Past the single PUT's limit, or the bound on held parts: the parts held for it go first, in order. Each leaves
     * the list as it is handed to its sender, which gives it back: one given back twice would be two writers' buffer.
     */
    private void sendHeldParts() throws IOException {
        while (!held.isEmpty()) {
            sendPart(held.getFirst(), PART_SIZE);
            held.removeFirst();
            HELD_PARTS.release(1, false);
        }
    }

    /** Sends {@code part} as the next part; the buffer is the part's until it has gone. */
    private void sendPart(byte[] part, int length) throws IOException {
        if (uploadId == null) {
            uploadId = S3BlobStore.call("start upload of " + s3Key, null, () -> store.client()
                    .createMultipartUpload(r -> r.bucket(store.location().bucket()).key(s3Key)).uploadId());
        }
        failIfAPartFailed();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + s3Key);
        }
        int number = parts.size() + 1;
        parts.add(SENDERS.submit(() -> {
            try {
                String etag = S3BlobStore.call("upload part " + number + " of " + s3Key, null, () -> store.client()
                        .uploadPart(r -> r.bucket(store.location().bucket()).key(s3Key).uploadId(uploadId)
                                .partNumber(number), body(part, length)).eTag());
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                SPARE_PARTS.give(part);
                inFlight.release();
            }
        }));
    }

    private void failIfAPartFailed() throws IOException {
        for (Future<CompletedPart> part : parts) {
            if (part.isDone()) {
                result(part);
            }
        }
    }

    private static CompletedPart result(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void commit() throws IOException {
        store.written(s3Key);
        if (uploadId == null) {
            if (!putStarted) {
                putStarted = true;
                HELD_PARTS.sending(held.size());
            }
            S3BlobStore.call("PUT " + s3Key, null, () -> store.client().putObject(r -> r
                    .bucket(store.location().bucket()).key(s3Key), body()));
        } else {
            if (filled > 0) {
                sendPart(buffer, filled);
                buffer = null;
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> part : parts) {
                done.add(result(part));
            }
            S3BlobStore.call("complete upload of " + s3Key, null, () -> store.client().completeMultipartUpload(r -> r
                    .bucket(store.location().bucket()).key(s3Key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done))));
        }
        committed = true;
    }

    /** The first {@code length} bytes of {@code buffer}, as the SDK reads them (as often as it needs), uncopied. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    /** The whole object, from the held parts and the filling one, as {@link #body(byte[], int)} gives one part. */
    private RequestBody body() {
        if (held.isEmpty()) {
            return body(buffer, filled);
        }
        List<byte[]> full = List.copyOf(held);
        byte[] last = buffer;
        int lastLength = filled;
        return RequestBody.fromContentProvider(() -> {
            List<InputStream> streams = new ArrayList<>();
            full.forEach(part -> streams.add(new ByteArrayInputStream(part)));
            streams.add(new ByteArrayInputStream(last, 0, lastLength));
            return new SequenceInputStream(Collections.enumeration(streams));
        }, size, "application/octet-stream");
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            release();
        } finally {
            SPARE_PARTS.leave();
        }
    }

    /** Gives the buffers back, and aborts an upload left uncommitted once its parts are done. */
    private void release() throws IOException {
        if (buffer != null) {
            SPARE_PARTS.give(buffer);
            buffer = null;
        }
        held.forEach(SPARE_PARTS::give);
        HELD_PARTS.release(held.size(), putStarted);
        held.clear();
        if (committed || uploadId == null) {
            return;
        }
        for (Future<CompletedPart> part : parts) {
            try {
                part.get();
            } catch (ExecutionException failed) {
                // the upload is aborted whatever its parts did
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        store.abort(s3Key, uploadId);
    }
}
