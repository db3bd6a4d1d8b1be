package dev.hokan.store.gc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.Vault;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.testing.InMemoryBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.parts.Sessions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The garbage collection lock's lease: a lock whose holder stopped renewing it cannot block collections for ever. */
class GcLockTest {
    @TempDir
    Path work;

    private final BlobStore store = new InMemoryBlobStore();
    private MasterKey key;

    @BeforeEach
    void createVault() throws IOException {
        key = MasterKey.loadOrCreate(work.resolve("key"));
        Vault.create(store, key, work.resolve("cache")).close();
    }

    private GcReport collectAt(Clock clock) throws IOException {
        try (Vault vault = Vault.open(store, key, work.resolve("cache"), clock)) {
            return vault.collectGarbage();
        }
    }

    private void leaveLock(String host, long pid, Instant leaseEnds) throws IOException {
        store.put(GcLock.KEY, new GcLock.Holder(host, pid, leaseEnds, 0).encode());
    }

    @Test
    void aLockWhoseLeaseEndedIsTakenOver() throws IOException {
        leaveLock("crashed-host", 4242, Instant.now().minus(Duration.ofMinutes(1)));
        collectAt(Clock.systemUTC());
        assertTrue(store.stat(GcLock.KEY).isEmpty(), "the collection released the lock it took over");
    }

    @Test
    void aLockOfAnotherHostWithinItsLeaseIsRespectedUntilTheLeaseEnds() throws IOException {
        leaveLock("other-host", 4242, Instant.now().plus(Duration.ofMinutes(30)));
        byte[] held = store.get(GcLock.KEY);

        IOException refused = assertThrows(IOException.class, () -> collectAt(Clock.systemUTC()));
        assertEquals("another garbage collection is running on other-host (pid 4242)", refused.getMessage());
        assertArrayEquals(held, store.get(GcLock.KEY), "a refused collection leaves the lock alone");

        collectAt(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
        assertTrue(store.stat(GcLock.KEY).isEmpty());
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverWithinItsLease() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        assertEquals(0, finished.waitFor());
        leaveLock(Sessions.host(), finished.pid(), Instant.now().plus(Duration.ofMinutes(30)));
        collectAt(Clock.systemUTC());
        assertTrue(store.stat(GcLock.KEY).isEmpty());
    }

    @Test
    void aLockOfALiveProcessOnThisHostIsRespectedWithinItsLease() throws IOException {
        leaveLock(Sessions.host(), ProcessHandle.current().pid(), Instant.now().plus(Duration.ofMinutes(30)));
        assertThrows(IOException.class, () -> collectAt(Clock.systemUTC()));
    }

    @Test
    void theHolderRenewsItsLeaseUntilItReleasesTheLock() throws Exception {
        Duration lease = Duration.ofMillis(600);
        Instant firstEnd;
        try (GcLock _ = GcLock.acquire(store, Clock.systemUTC(), lease)) {
            firstEnd = GcLock.Holder.decode(store.get(GcLock.KEY)).leaseEnds();
            Thread.sleep(lease.toMillis());
            Instant renewedEnd = GcLock.Holder.decode(store.get(GcLock.KEY)).leaseEnds();
            assertTrue(renewedEnd.isAfter(firstEnd), "renewed: " + renewedEnd + " after " + firstEnd);
            assertThrows(IOException.class, () -> GcLock.acquire(store, Clock.systemUTC(), lease),
                    "a renewed lease keeps others out after the first one would have ended");
        }
        assertTrue(store.stat(GcLock.KEY).isEmpty());
        Thread.sleep(lease.toMillis() / 3);
        assertTrue(store.stat(GcLock.KEY).isEmpty(), "no renewal after the release");
    }

    @Test
    void aHolderPausedPastItsLeaseNeitherRenewsNorReleasesTheLockThatReplacedIt() throws Exception {
        Duration lease = Duration.ofMillis(600);
        GcLock paused = GcLock.acquire(store, Clock.systemUTC(), lease);
        GcLock successor = GcLock.acquire(store, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), lease);
        Thread.sleep(lease.toMillis() / 3);
        GcLock.Holder now = GcLock.Holder.decode(store.get(GcLock.KEY));
        assertTrue(now.leaseEnds().isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                "the paused holder's renewal did not overwrite its successor's lock: " + now);
        paused.close();
        assertTrue(store.stat(GcLock.KEY).isPresent(), "the paused holder's release left its successor's lock");
        successor.close();
        assertTrue(store.stat(GcLock.KEY).isEmpty());
    }
}
