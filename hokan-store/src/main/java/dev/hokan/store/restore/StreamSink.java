package dev.hokan.store.restore;

import dev.hokan.store.FileProblem;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Collection;
import java.util.List;

/**
 * One stream as a restore sink, such as a tool's input: it takes the content of one file, in order, passing over the
 * directories above it. Places are paths relative to the snapshot's root. A second file, a link or a special file is
 * refused; what was written before a failure cannot be taken back, so a failed restore leaves the stream incomplete.
 */
final class StreamSink implements RelativePathSink {
    private final WritableByteChannel channel;
    private String file;

    StreamSink(WritableByteChannel channel) {
        this.channel = channel;
    }

    /** Directories are passed over: a stream takes the one file below them. */
    @Override
    public void directory(String place) {
    }

    @Override
    public void symlink(String place, Node node) throws IOException {
        throw refused(place, "a symbolic link");
    }

    @Override
    public void special(String place, Node node) throws IOException {
        throw refused(place, "a named pipe or device");
    }

    @Override
    public void link(String place, String first) throws IOException {
        throw refused(place, "a second name of " + first);
    }

    private IOException refused(String place, String what) {
        return new IOException("a stream takes one file, and " + place + " is " + what);
    }

    @Override
    public synchronized RestoreSink.ContentWriter file(String place, long size) throws IOException {
        if (file != null) {
            throw new IOException("a stream takes one file, and the recovery point holds " + file + " and " + place);
        }
        file = place;
        return new InOrder(place, size);
    }

    /** A stream keeps no metadata, and passes directories over. */
    @Override
    public void metadata(String place, Node node) {
    }

    @Override
    public Collection<FileProblem> problems() {
        return List.of();
    }

    /** The file's content, written to the channel as it arrives, which is in order. */
    private final class InOrder implements RestoreSink.ContentWriter {
        private final String place;
        private final long size;
        private long written;

        InOrder(String place, long size) {
            this.place = place;
            this.size = size;
        }

        @Override
        public boolean inOrder() {
            return true;
        }

        @Override
        public synchronized void write(byte[] data, int length, long position) throws IOException {
            if (position != written || position + length > size) {
                throw new IOException("chunk at " + position + " of " + place + " arrives out of order");
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written += length;
        }

        /** A stream keeps no metadata. */
        @Override
        public synchronized void finish(Node node) throws IOException {
            if (written != size) {
                throw new IOException(place + " ended after " + written + " of its " + size + " bytes");
            }
        }

        @Override
        public void abandon() {
            // what reached the stream stays there; the failed restore tells its reader not to trust it
        }
    }
}
