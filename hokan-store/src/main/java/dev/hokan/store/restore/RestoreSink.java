package dev.hokan.store.restore;

import dev.hokan.store.FileProblem;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * Where a restore writes: it receives directories, files' content, links, special nodes and their metadata. The
 * restorer walks the snapshot and checks every stored name before the sink sees it; the sink decides what an entry
 * becomes. Entries are addressed by places of the sink's own type {@code P} (a path, for a directory), made from
 * their directory's place and their name. A sink takes one restore.
 *
 * @param <P> how the sink addresses an entry
 */
public interface RestoreSink<P> extends AutoCloseable {
    /** A directory of the local file system, which must be empty or new. */
    static RestoreSink<Path> directory(Path target) {
        return directory(target, false);
    }

    /** A directory of the local file system; with {@code overwrite}, restored entries replace what is in their way. */
    static RestoreSink<Path> directory(Path target, boolean overwrite) {
        return new DirectorySink(target, overwrite);
    }

    /**
     * A directory of the local file system, which must be empty or new, whose entries all belong to {@code uid} and
     * {@code gid} (when the restore runs as root), whatever owners the snapshot recorded.
     */
    static RestoreSink<Path> directory(Path target, int uid, int gid) {
        return new OwnedSink<>(directory(target), uid, gid);
    }

    /**
     * One stream, which takes the content of the snapshot's single file (or of the one path restored); directories
     * above it are passed over, a second file, a link or a special file is refused. The channel is not closed.
     */
    static RestoreSink<String> stream(WritableByteChannel channel) {
        return new StreamSink(channel);
    }

    /**
     * Prepares the sink and returns the place of the snapshot's root. {@code whole}: the whole snapshot is restored,
     * not chosen paths of it.
     */
    P open(boolean whole) throws IOException;

    /**
     * Prepares the sink to go on with a restore that an earlier run began into it and did not finish, and returns the
     * place of the snapshot's root: the target may hold what that run wrote, which the entries restored now replace.
     * A sink that cannot go on with a restore refuses.
     */
    default P reopen(boolean whole) throws IOException {
        throw new IOException("this restore target cannot go on with a restore an earlier run began");
    }

    /**
     * Whether the entry at {@code place} is the file {@code node} describes, with {@code size} bytes of content, as a
     * restore leaves it: asked of the files an earlier run recorded complete, which are then left as they are.
     */
    default boolean holds(P place, Node node, long size) throws IOException {
        return false;
    }

    /** The place of the entry {@code name} in the directory at {@code directory}. */
    P child(P directory, String name);

    /** A place as reports name it, relative to the root; "." for the root. */
    String relative(P place);

    /** Makes the directory at {@code place}, unless there is one. */
    void directory(P place) throws IOException;

    /** Makes the symlink {@code node} describes, with its metadata. */
    void symlink(P place, Node node) throws IOException;

    /** Makes the named pipe or device {@code node} describes, with its metadata, or reports why it cannot. */
    void special(P place, Node node) throws IOException;

    /**
     * Creates the file at {@code place} for {@code size} bytes of content, which gets its metadata when it is finished;
     * it may be called from any thread.
     */
    ContentWriter file(P place, long size) throws IOException;

    /** Makes {@code place} a further name of the complete file at {@code first}; called from any thread. */
    void link(P place, P first) throws IOException;

    /**
     * Gives the directory at {@code place} the owner, mode, extended attributes and time {@code node} holds, once
     * everything in it is restored.
     */
    void metadata(P place, Node node) throws IOException;

    /** What was restored without all its metadata; read once the restore is complete. */
    Collection<FileProblem> problems();

    /**
     * What the sink did besides writing what it received, such as entries it left as they were, for the restore's
     * report; read once the restore is complete.
     */
    default Optional<String> outcome() {
        return Optional.empty();
    }

    /** Lets go of what the sink held open for the restore that opened it, when that restore ends, however it ends. */
    default void ended() {
    }

    /** Releases what the sink holds (a client of a service), once the restore is over. */
    @Override
    default void close() throws IOException {
    }

    /** Receives one file's content, chunk by chunk. */
    interface ContentWriter {
        /**
         * Writes {@code length} bytes of {@code data} at {@code position}. In any order and from several threads at
         * once, unless {@link #inOrder()}.
         */
        void write(byte[] data, int length, long position) throws IOException;

        /** Whether the content must arrive in order, one chunk after another, as a stream takes it. */
        default boolean inOrder() {
            return false;
        }

        /**
         * Completes the file once all its content is written, with the owner, mode, extended attributes and time
         * {@code node} holds, as far as the sink keeps them.
         */
        void finish(Node node) throws IOException;

        /** Gives up a file whose content could not be restored whole. */
        void abandon() throws IOException;
    }
}
