package dev.hokan.store.crypto;

import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>A process that only reads blobs (a restore) warms up opening alone: it never seals or hashes, and the full
 * warm-up was a quarter of a restore's Java samples (a 513 MiB restore from S3 used 0.6 user CPU-s less of 4.6).
 */
public final class CryptoWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final AtomicBoolean READING_STARTED = new AtomicBoolean();
    private static final int ROUNDS = 20_000;
    private static final int SMALL = 1024;
    private static final int SPLIT = 1024 * 1024 + 64;
    private static final byte[] SMALL_INPUT = new byte[SMALL];
    // Inputs over 1 MiB, once the small ones have the code compiled with profiling and before it is
    // compiled for good: interpreted, one costs a large part of a second.
    private static final int SPLIT_FROM = 1_000;
    private static final int SPLIT_TO = 5_000;
    private static final int SPLIT_EVERY = 1_000;

    private CryptoWarmup() {
    }

    /** Starts the warm-up of sealing, opening and hashing once per process, in the background. */
    public static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("hokan-crypto-warmup").start(CryptoWarmup::run);
        }
    }

    /** Starts the warm-up of opening alone once per process, in the background, unless the full one has started. */
    public static void startForReading() {
        if (!STARTED.get() && READING_STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("hokan-crypto-warmup").start(CryptoWarmup::runOpening);
        }
    }

    static void run() {
        Sealer sealer = new Sealer(Sealer.randomBytes(32));
        ChunkHasher hasher = new ChunkHasher(Sealer.randomBytes(32));
        byte[] context = new byte[33];
        for (int round = 0; round < ROUNDS; round++) {
            byte[] data = input(round);
            open(sealer, sealer.seal(data, context), context);
            hasher.hash(data, 0, data.length);
        }
    }

    /** Each input is sealed once, the large one when its first round comes, and opened in every round. */
    static void runOpening() {
        Sealer sealer = new Sealer(Sealer.randomBytes(32));
        byte[] context = new byte[33];
        byte[] small = sealer.seal(new byte[SMALL], context);
        byte[] large = null;
        for (int round = 0; round < ROUNDS; round++) {
            if (!isLarge(round)) {
                open(sealer, small, context);
                continue;
            }
            if (large == null) {
                large = sealer.seal(new byte[SPLIT], context);
            }
            open(sealer, large, context);
        }
    }

    private static boolean isLarge(int round) {
        return round >= SPLIT_FROM && round <= SPLIT_TO && round % SPLIT_EVERY == 0;
    }

    // The few large inputs are short-lived garbage rather than buffers kept for the whole warm-up: a backup's peak
    // memory is measured against restic's.
    private static byte[] input(int round) {
        return isLarge(round) ? new byte[SPLIT] : SMALL_INPUT;
    }

    private static void open(Sealer sealer, byte[] sealed, byte[] context) {
        try {
            sealer.open(sealed, context, "warm-up");
        } catch (TamperedDataException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
