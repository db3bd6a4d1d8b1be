package dev.hokan.store.blob;

/** What a reader announced it will read ({@link BlobStore#plan}); closing it ends the announcement. */
public interface ReadPlan extends AutoCloseable {
    /** The plan of a store that reads nothing ahead. */
    ReadPlan NONE = () -> {
    };

    @Override
    void close();
}
