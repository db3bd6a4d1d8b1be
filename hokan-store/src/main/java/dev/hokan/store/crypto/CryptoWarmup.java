package dev.hokan.store.crypto;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets the JIT to compile the JDK's AES-GCM and SHA-256 paths with their CPU intrinsics before bulk data
 * arrives. Fed large buffers from the start, the JDK runs its pure-Java fallbacks for seconds (measured
 * here: AES-GCM decrypting 512 KiB buffers at 55 MB/s for the first 400 calls, then 2.7 GB/s), because
 * the intrinsic is used only from compiled callers and few large calls compile them late. Thousands of
 * operations on a background thread compile them within a fraction of a second.
 *
 * <p>Now and then an input is larger than 1 MiB, because the JDK's GCM splits such inputs, and code
 * compiled without having seen a branch is thrown away when data first takes it. Warmed with small inputs
 * alone, the compiled decryption was discarded at the first blob over 1 MiB and restores ran the Java
 * fallback for seconds (profiled: a tenth of restore CPU in {@code CounterMode} and {@code GHASH}).
 *
 * <p>Only the paths the work takes are warmed: a restore opens blobs and neither seals nor hashes them, a backup
 * seals and hashes and opens no chunk. Warming all three cost a restore of 46,000 small files a quarter of its
 * samples (profiled).
 */
public final class CryptoWarmup {
    private static final Set<Work> STARTED = ConcurrentHashMap.newKeySet();
    private static final int ROUNDS = 20_000;
    private static final int SMALL = 1024;
    private static final int SPLIT = 1024 * 1024 + 64;
    // Inputs over 1 MiB, once the small ones have the code compiled with profiling and before it is
    // compiled for good: interpreted, one costs a large part of a second.
    private static final int SPLIT_FROM = 1_000;
    private static final int SPLIT_TO = 5_000;
    private static final int SPLIT_EVERY = 1_000;

    /** What is about to run in bulk. */
    public enum Work {
        /** Sealing and hashing chunks: backups, copies. */
        SEALING,
        /** Opening sealed blobs: restores, verification, copies. */
        OPENING
    }

    private CryptoWarmup() {
    }

    /** Starts the warm-up of {@code work} once per process, in the background. */
    public static void start(Work work) {
        if (STARTED.add(work)) {
            Thread.ofPlatform().daemon().name("hokan-crypto-warmup").start(() -> run(work));
        }
    }

    static void run(Work work) {
        Sealer sealer = new Sealer(Sealer.randomBytes(32));
        ChunkHasher hasher = new ChunkHasher(Sealer.randomBytes(32));
        byte[] small = new byte[SMALL];
        byte[] context = new byte[33];
        byte[] smallSealed = sealer.seal(small, context);
        for (int round = 0; round < ROUNDS; round++) {
            // The few large inputs are short-lived garbage rather than buffers kept for the whole warm-up:
            // a backup's peak memory is measured against restic's.
            boolean split = round >= SPLIT_FROM && round <= SPLIT_TO && round % SPLIT_EVERY == 0;
            byte[] data = split ? new byte[SPLIT] : small;
            if (work == Work.SEALING) {
                sealer.seal(data, context);
                hasher.hash(data, 0, data.length);
            } else {
                try {
                    sealer.open(split ? sealer.seal(data, context) : smallSealed, context, "warm-up");
                } catch (TamperedDataException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    }
}
