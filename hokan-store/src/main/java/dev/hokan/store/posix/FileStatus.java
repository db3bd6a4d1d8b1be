package dev.hokan.store.posix;

/**
 * What one {@code lstat} of an entry says: its type and permission bits ({@code mode}, as {@code st_mode}), owner,
 * size, times in nanoseconds, inode, the device it is on and, for a device node, the device it is ({@code dev_t}
 * values as the C library encodes them).
 */
public record FileStatus(int mode, int uid, int gid, long size, long mtimeNanos, long ctimeNanos, long inode,
                         long device, long rdev, int links) {
    private static final int TYPE_BITS = 0170000;

    public boolean isRegularFile() {
        return (mode & TYPE_BITS) == 0100000;
    }

    public boolean isDirectory() {
        return (mode & TYPE_BITS) == 0040000;
    }

    public boolean isSymbolicLink() {
        return (mode & TYPE_BITS) == 0120000;
    }

    /** Neither a regular file, a directory nor a symlink: a named pipe, a device node or a socket. */
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }
}
