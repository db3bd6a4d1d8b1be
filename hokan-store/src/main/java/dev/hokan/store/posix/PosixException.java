package dev.hokan.store.posix;

import java.io.IOException;

/** A C library call that failed, with the {@code errno} it set and the system's text for it. */
public final class PosixException extends IOException {
    /** errno values this package acts on (Linux, every architecture Hokan runs on). */
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int ERANGE = 34;
    static final int ENOSYS = 38;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;

    private final String call;
    private final int errno;
    private final String reason;

    PosixException(String call, String path, int errno, String reason) {
        super(call + " " + path + ": " + reason);
        this.call = call;
        this.errno = errno;
        this.reason = reason;
    }

    /** The same failure, of the call on the entry shown as {@code path}. */
    public PosixException on(String path) {
        PosixException shown = new PosixException(call, path, errno, reason);
        shown.initCause(this);
        return shown;
    }

    public int errno() {
        return errno;
    }

    /** The system's text alone, e.g. "No space left on device". */
    public String reason() {
        return reason;
    }
}
