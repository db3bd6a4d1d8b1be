package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.Tree;
import dev.hokan.store.tree.TreeAhead;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * What a backup reads: a tree of entries, with their metadata and content. The source walks itself and hands what
 * it finds to the {@link Archive}, which cuts content into chunks, stores them and the trees, and keeps the account
 * of the backup. A source is read by one backup.
 */
public interface BackupSource {
    /** A directory of the local file system, walked in name order. */
    static BackupSource directory(Path directory) {
        return new DirectorySource(directory);
    }

    /**
     * One stream of bytes (a tool's output), stored as a single file named {@code name} at the snapshot's root; the
     * channel is read to its end, and not closed.
     */
    static BackupSource stream(String name, ReadableByteChannel content) {
        return new StreamSource(name, content);
    }

    /**
     * The standard output of a command started for the backup, stored as a single file named {@code name}; the
     * backup fails unless the command exits with status 0.
     */
    static BackupSource processOutput(String name, ProcessBuilder command) {
        String file = StreamSource.fileName(name);
        return new ProcessSource(file, command, output -> new StreamSource(file, output));
    }

    /**
     * The tar archive a command started for the backup writes on its standard output, stored as the tree of files
     * it holds (each file chunked on its own, nothing staged); {@code location} names it in the snapshot. The backup
     * fails unless the archive is complete and the command exits with status 0.
     */
    static BackupSource processTar(String location, ProcessBuilder command) {
        return new ProcessSource(location, command, output -> new TarSource(location, output));
    }

    /** Where the data comes from, as the snapshot records it: a path, a stream's name. */
    String location();

    /**
     * Reads the source and returns the root tree's ID, once every chunk below it is stored. {@code parent} is the root
     * tree of the resource's previous snapshot, or null: entries unchanged since then need not be read again.
     */
    CompletableFuture<ChunkId> read(Archive archive, Tree parent) throws IOException, InterruptedException;

    /**
     * Counts the bytes the source holds, for a progress total, while the backup runs on another thread; the count
     * stops when that thread is interrupted. Returns false when the source cannot be counted.
     */
    default boolean count(LongConsumer bytes) {
        return false;
    }

    /**
     * Stores what a source reads and keeps the account of the backup. Methods returning futures do not wait for the
     * storing, so reading the next entries overlaps with it.
     */
    interface Archive {
        /** Whether the backup was asked to finish early: the entries not reached yet are left out. */
        boolean finishRequested();

        /** An entry left out because the backup was asked to finish. */
        void notReached(String path);

        /** An entry that could not be stored faithfully. */
        void problem(String path, String reason);

        /** An entry that cannot be stored at all, such as a socket, with what it is. */
        void skipped(String description);

        /** A file whose stored copy may mix two versions. */
        void inconsistent(String path);

        /** A file scanned, counted in the backup's statistics. */
        void scanned(Node file);

        /** The previous snapshot's tree of a directory, or null when it cannot be read (everything is read again). */
        Tree parentTree(Node previousDirectory);

        /** {@link #parentTree}, read on the workers while the caller goes on. */
        TreeAhead parentTreeAhead(Node previousDirectory);

        /**
         * The file as found, with the previous snapshot's content and extended attributes, when it is unchanged since
         * then and all its chunks are still stored; otherwise null, and the file must be read.
         */
        CompletableFuture<Node> unchanged(Node found, Node previous);

        /**
         * Reads a channel to its end and hands its chunks to the workers. {@code expectedSize} is the content's size
         * when known, or -1. Returns null when the backup was asked to finish meanwhile; then, or when reading fails,
         * the chunks already handed over are abandoned.
         */
        Content read(ReadableByteChannel channel, long expectedSize) throws IOException, InterruptedException;

        /** Gives up content read, because it is read again or left out. */
        void abandon(Content content);

        /** The file with its content, once every chunk is stored; its size is the content's length. */
        CompletableFuture<Node> file(Node file, Content content, boolean inconsistent);

        /** Stores a directory's tree once its entries are complete; {@code self} is the root's own metadata, or null. */
        CompletableFuture<ChunkId> tree(List<CompletableFuture<Node>> entries, Node self);
    }

    /** Content being stored: its chunks, in order, and its length. */
    record Content(List<CompletableFuture<ChunkId>> chunks, long length) {
    }
}
