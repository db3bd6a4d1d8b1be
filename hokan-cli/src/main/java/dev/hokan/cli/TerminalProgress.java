package dev.hokan.cli;

import dev.hokan.store.ProgressListener;

/** A one-line progress display on a terminal; silent when output is not a terminal. */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private static final long INTERVAL_NANOS = 250_000_000L;
    private final String label;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastShown;
    private boolean shown;
    private boolean closed;

    private TerminalProgress(String label, boolean enabled) {
        this.label = label;
        this.enabled = enabled;
    }

    static TerminalProgress start(String label) {
        var console = System.console();
        return new TerminalProgress(label, console != null && console.isTerminal());
    }

    @Override
    public synchronized void progress(long done, long total) {
        long now = System.nanoTime();
        if (!enabled || closed || now - lastShown < INTERVAL_NANOS) {
            return;
        }
        lastShown = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        String percent = total > 0 ? String.format("%3d%%", Math.min(100, done * 100 / total)) : "    ";
        System.err.printf("\r%s %s  %s / %s  %.0f MB/s   ", label, percent, Sizes.bytes(done), Sizes.bytes(total), done / 1e6 / seconds);
        shown = true;
    }

    @Override
    public boolean showsTotal() {
        return enabled;
    }

    @Override
    public synchronized void close() {
        if (shown) {
            System.err.print("\r\033[K");
            shown = false;
        }
        closed = true;
    }
}
