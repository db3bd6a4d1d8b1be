package dev.hokan.engine.job;

import dev.hokan.engine.ServiceException;
import dev.hokan.store.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A restore held to a rate, as restore metadata {@value #MAX_BYTES_PER_SECOND} (Hokan's own key) asks: a restore onto
 * a server that keeps serving leaves its disks to that work. The rate counts every byte the restore covers, holes and
 * the files a resumed restore kept included; the threads writing wait whenever the restore runs ahead of it.
 */
final class RestoreRate implements ProgressListener {
    static final String MAX_BYTES_PER_SECOND = "MaxBytesPerSecond";
    private static final long SLOWEST = 1L << 20;

    private final ProgressListener progress;
    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();

    private RestoreRate(ProgressListener progress, long bytesPerSecond) {
        this.progress = progress;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** The rate the metadata asks for, if any; refuses one that is no whole number of at least 1 MiB a second. */
    static OptionalLong asked(Map<String, String> metadata) {
        Optional<String> given = metadata.entrySet().stream().filter(e -> isRate(e.getKey())).map(Map.Entry::getValue)
                .findFirst();
        if (given.isEmpty()) {
            return OptionalLong.empty();
        }
        String value = given.get();
        long rate;
        try {
            rate = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            rate = 0;
        }
        if (rate < SLOWEST) {
            throw ServiceException.invalidParameter("Metadata " + MAX_BYTES_PER_SECOND + " must be a whole number of"
                    + " bytes per second, at least " + SLOWEST + " (1 MiB); got \"" + value + "\"");
        }
        return OptionalLong.of(rate);
    }

    /** The metadata without the rate, for the resource kind restoring: the rate is the job's, not the target's. */
    static Map<String, String> others(Map<String, String> metadata) {
        Map<String, String> others = new LinkedHashMap<>(metadata);
        others.keySet().removeIf(RestoreRate::isRate);
        return others;
    }

    private static boolean isRate(String key) {
        return key.equalsIgnoreCase(MAX_BYTES_PER_SECOND);
    }

    /** {@code progress}, held to the rate the metadata asks for, if any. */
    static ProgressListener limit(ProgressListener progress, Map<String, String> metadata) {
        OptionalLong rate = asked(metadata);
        return rate.isPresent() ? new RestoreRate(progress, rate.getAsLong()) : progress;
    }

    @Override
    public void progress(long bytesDone, long bytesTotal) {
        progress.progress(bytesDone, bytesTotal);
        long due = startNanos + (long) (bytesDone * (double) TimeUnit.SECONDS.toNanos(1) / bytesPerSecond);
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(ahead);
            } catch (InterruptedException e) {
                // the restore is being stopped: it sees the interrupt itself
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void filesComplete(long files) {
        progress.filesComplete(files);
    }

    @Override
    public boolean showsTotal() {
        return progress.showsTotal();
    }
}
