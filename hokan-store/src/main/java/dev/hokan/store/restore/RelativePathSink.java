package dev.hokan.store.restore;

/**
 * A sink that is not a file system (a stream, a bucket): it addresses entries by their path relative to the restore's
 * root, '/'-separated, the root being the empty path.
 */
public interface RelativePathSink extends RestoreSink<String> {

    @Override
    default String open(boolean whole) {
        return "";
    }

    @Override
    default String child(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    @Override
    default String relative(String place) {
        return place.isEmpty() ? "." : place;
    }
}
