package dev.hokan.storage.s3;

import dev.hokan.store.blob.BlobWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An object written piece by piece. One that stays within a part goes up as one PUT at commit; a larger one as a
 * multipart upload whose parts are sent while the next ones fill, a few at once, and which S3 shows under its key
 * only once completed. A writer that fails or is closed uncommitted aborts its upload; one whose process dies leaves
 * it to {@link S3BlobStore#removeAbandonedWrites()}. Memory: at most one filling part and the parts in flight.
 */
final class S3BlobWriter implements BlobWriter {
    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int PARTS_IN_FLIGHT = 2;
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final ExecutorService SENDERS = Executors.newVirtualThreadPerTaskExecutor();

    private final S3BlobStore store;
    private final String s3Key;
    private final Semaphore inFlight = new Semaphore(PARTS_IN_FLIGHT);
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private byte[] buffer = new byte[FIRST_BUFFER];
    private int filled;
    private long size;
    private String uploadId;
    private boolean committed;

    S3BlobWriter(S3BlobStore store, String s3Key) {
        this.store = store;
        this.s3Key = s3Key;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            if (filled == buffer.length) {
                if (buffer.length < PART_SIZE) {
                    buffer = Arrays.copyOf(buffer, Math.min(PART_SIZE, buffer.length * 2));
                } else {
                    sendPart();
                    buffer = new byte[PART_SIZE];
                }
            }
            int n = Math.min(length - done, buffer.length - filled);
            System.arraycopy(data, offset + done, buffer, filled, n);
            filled += n;
            done += n;
        }
        size += length;
    }

    @Override
    public long size() {
        return size;
    }

    /** Sends the buffer as the next part; the buffer is the part's until it has gone. */
    private void sendPart() throws IOException {
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
        byte[] part = buffer;
        int length = filled;
        int number = parts.size() + 1;
        parts.add(SENDERS.submit(() -> {
            try {
                String etag = S3BlobStore.call("upload part " + number + " of " + s3Key, null, () -> store.client()
                        .uploadPart(r -> r.bucket(store.location().bucket()).key(s3Key).uploadId(uploadId)
                                .partNumber(number), RequestBody.fromBytes(length == part.length ? part
                                : Arrays.copyOf(part, length))).eTag());
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                inFlight.release();
            }
        }));
        buffer = null;
        filled = 0;
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
            byte[] whole = Arrays.copyOf(buffer, filled);
            S3BlobStore.call("PUT " + s3Key, null, () -> store.client().putObject(r -> r
                    .bucket(store.location().bucket()).key(s3Key), RequestBody.fromBytes(whole)));
        } else {
            if (filled > 0) {
                sendPart();
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

    @Override
    public void close() throws IOException {
        buffer = null;
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
