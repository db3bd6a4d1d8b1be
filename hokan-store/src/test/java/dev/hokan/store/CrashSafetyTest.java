package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.gc.GcReport;
import dev.hokan.store.index.IndexFile;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.testing.KilledChild;
import dev.hokan.store.testing.SourceTree;
import dev.hokan.store.testing.TreeDigest;
import dev.hokan.store.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of backups, deletions, copies and garbage collections, many times over.
 * After every kill each vault must check out, and every recovery point reported complete (and not being
 * deleted) must restore byte for byte, as must what every point reported partial (its backup was asked to
 * finish early) says it holds; at the end, garbage collection must clean up every leftover.
 */
class CrashSafetyTest {
    private static final int KILLS = 14;
    /** On a loaded machine the workload gets less done between kills: it is killed more often, up to this many times. */
    private static final int MAX_KILLS = 3 * KILLS;

    @TempDir
    Path work;

    @Test
    void killedAtRandomMomentsTheVaultsStayConsistent() throws Exception {
        MasterKey key = MasterKey.loadOrCreate(work.resolve("key"));
        ChunkerParams chunks = new ChunkerParams(4 * 1024, 16 * 1024, 64 * 1024);
        for (String name : List.of("vault-a", "vault-b")) {
            Vault.create(new LocalBlobStore(work.resolve(name)), key, work.resolve("cache-parent"), Clock.systemUTC(), chunks, 256 * 1024).close();
        }
        new SourceTree(work.resolve("source"), 1).populate(60, 120_000);

        Map<String, String> digestOf = new HashMap<>();
        Map<String, String> partialDigestOf = new HashMap<>();
        Map<String, String> copiedFrom = new HashMap<>();
        Set<String> maybeDeleted = new HashSet<>();
        Random random = new Random(42);
        for (int kill = 0; kill < KILLS || kill < MAX_KILLS && !exercised(digestOf, partialDigestOf); kill++) {
            runAndKill(random.nextLong(), 300 + random.nextInt(2500), digestOf, partialDigestOf, copiedFrom, maybeDeleted);
            try (Vault a = open("vault-a", key); Vault b = open("vault-b", key)) {
                for (Vault vault : List.of(a, b)) {
                    VerifyReport report = vault.verify(false);
                    assertTrue(report.ok(), () -> "after kill: " + report);
                }
            }
        }
        assertTrue(exercised(digestOf, partialDigestOf), "the workload completed some backups (" + digestOf.size()
                + ") and finished some early (" + partialDigestOf.size() + ") between kills");

        try (Vault a = open("vault-a", key); Vault b = open("vault-b", key)) {
            for (Vault vault : List.of(a, b)) {
                vault.collectGarbage();
                GcReport second = vault.collectGarbage();
                assertEquals(0, second.packsPending());
            }
            Set<String> inA = a.snapshots().stream().map(SnapshotInfo::id).collect(Collectors.toSet());
            for (var point : digestOf.entrySet()) {
                if (maybeDeleted.contains(point.getKey())) {
                    continue;
                }
                assertTrue(inA.contains(point.getKey()), "completed recovery point " + point.getKey() + " exists");
                assertRestores(a, point.getKey(), point.getValue());
            }
            for (var point : partialDigestOf.entrySet()) {
                if (!maybeDeleted.contains(point.getKey())) {
                    assertEquals(SnapshotStatus.PARTIAL, a.snapshot(point.getKey()).status());
                    assertRestores(a, point.getKey(), point.getValue());
                }
            }
            for (var copy : copiedFrom.entrySet()) {
                String source = copy.getValue();
                String digest = digestOf.getOrDefault(source, partialDigestOf.get(source));
                if (digest != null) {
                    assertRestores(b, copy.getKey(), digest);
                } else if (inA.contains(source)) {
                    // the workload was killed between completing this backup and announcing it
                    assertRestores(b, copy.getKey(), restoredDigest(a, source));
                }
            }
            for (String name : List.of("vault-a", "vault-b")) {
                assertNoLeftovers(new LocalBlobStore(work.resolve(name)), name.equals("vault-a") ? a : b);
            }
        }
    }

    /** Whether the kills so far came after some backups completed and some finished early. */
    private static boolean exercised(Map<String, String> digestOf, Map<String, String> partialDigestOf) {
        return digestOf.size() >= 3 && !partialDigestOf.isEmpty();
    }

    private Vault open(String name, MasterKey key) throws Exception {
        return Vault.open(new LocalBlobStore(work.resolve(name)), key, work.resolve("cache-parent"));
    }

    private void runAndKill(long seed, int millis, Map<String, String> digestOf, Map<String, String> partialDigestOf,
                            Map<String, String> copiedFrom, Set<String> maybeDeleted) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder workload = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWorkload.class.getName(), work.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        boolean exited = KilledChild.runAndKill(workload, "READY", millis, line -> {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "BACKED-UP" -> digestOf.put(words[1], words[2]);
                case "PARTIAL" -> partialDigestOf.put(words[1], words[2]);
                case "DELETING" -> maybeDeleted.add(words[1]);
                case "COPIED" -> copiedFrom.put(words[2], words[1]);
                default -> { }
            }
        });
        assertTrue(!exited, "the workload runs until killed; it exited");
    }

    private void assertRestores(Vault vault, String id, String digest) throws Exception {
        assertEquals(digest, restoredDigest(vault, id), "recovery point " + id);
    }

    private String restoredDigest(Vault vault, String id) throws Exception {
        Path target = Files.createTempDirectory(work, "restore-").resolve(id);
        vault.restore(new RestoreRequest(id, RestoreSink.directory(target)));
        return TreeDigest.of(target);
    }

    private static void assertNoLeftovers(LocalBlobStore store, Vault vault) throws Exception {
        Set<String> indexedPacks = new HashSet<>();
        for (var indexId : IndexFile.list(store)) {
            IndexFile.read(store, vault.parts().keys().sealer(), indexId).forEach(e -> indexedPacks.add(PackLayout.packKey(e.pack())));
        }
        Set<String> storedPacks = store.list(PackLayout.DATA_PREFIX).stream().map(b -> b.key()).collect(Collectors.toSet());
        assertEquals(indexedPacks, storedPacks, "every stored pack is indexed and every indexed pack exists");
        try (var files = Files.walk(store.root())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList());
        }
        assertTrue(store.list("gc/").isEmpty());
        assertTrue(store.list("locks/").isEmpty());
        assertTrue(store.list("sessions/").isEmpty(), "sessions of killed processes are cleared");
    }
}
