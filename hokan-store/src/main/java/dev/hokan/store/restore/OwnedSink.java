package dev.hokan.store.restore;

import dev.hokan.store.tree.Node;
import java.io.IOException;

/**
 * A sink whose entries all get one owner and group, whatever the snapshot recorded: a restore for a program that
 * must own its files (PostgreSQL refuses a data directory it does not own) on a host whose user IDs may differ
 * from the source's. Everything else is the wrapped sink's.
 */
final class OwnedSink<P> extends ForwardingSink<P> {
    private final int uid;
    private final int gid;

    OwnedSink(RestoreSink<P> sink, int uid, int gid) {
        super(sink);
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public void symlink(P place, Node node) throws IOException {
        sink.symlink(place, node.withOwner(uid, gid));
    }

    @Override
    public void special(P place, Node node) throws IOException {
        sink.special(place, node.withOwner(uid, gid));
    }

    @Override
    public ContentWriter file(P place, long size) throws IOException {
        return new OwnedContent(sink.file(place, size));
    }

    @Override
    public void metadata(P place, Node node) throws IOException {
        sink.metadata(place, node.withOwner(uid, gid));
    }

    /** A file's content as the wrapped sink writes it, finished with this sink's owner and group. */
    private final class OwnedContent implements ContentWriter {
        private final ContentWriter file;

        OwnedContent(ContentWriter file) {
            this.file = file;
        }

        @Override
        public void write(byte[] data, int length, long position) throws IOException {
            file.write(data, length, position);
        }

        @Override
        public boolean inOrder() {
            return file.inOrder();
        }

        @Override
        public void finish(Node node) throws IOException {
            file.finish(node.withOwner(uid, gid));
        }

        @Override
        public void abandon() throws IOException {
            file.abandon();
        }
    }
}
