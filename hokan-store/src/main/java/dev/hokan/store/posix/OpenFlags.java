package dev.hokan.store.posix;

/** The {@code open} flags whose values differ between Linux's architectures (asm-generic, arm and arm64, powerpc). */
enum OpenFlags {
    GENERIC(0400000, 040000, 0200000),
    ARM(0100000, 0200000, 040000),
    POWERPC(0100000, 0400000, 040000);

    /** The flags of the architecture this JVM runs on. */
    static final OpenFlags HERE = of(System.getProperty("os.arch"));
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;

    final int noFollow;
    final int direct;
    final int directory;

    OpenFlags(int noFollow, int direct, int directory) {
        this.noFollow = noFollow;
        this.direct = direct;
        this.directory = directory;
    }

    static OpenFlags of(String osArch) {
        return switch (osArch) {
            case "aarch64", "arm" -> ARM;
            case "ppc64", "ppc64le" -> POWERPC;
            default -> GENERIC;
        };
    }
}
