package dev.hokan.engine.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.identity.DeploymentAccount;
import dev.hokan.catalog.identity.IdentityCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedIdentityCatalogTest {
    private static final int ACCOUNTS = 150;
    private static final int CALLERS = 8;

    @TempDir
    Path dir;

    @Test
    void callersSharingARevisionCheckEachSeeEveryChangeCommittedBeforeTheyAsked() throws Exception {
        try (IdentityCatalog catalog = IdentityCatalog.open(dir.resolve("directory.db"));
             ExecutorService threads = Executors.newFixedThreadPool(CALLERS + 1)) {
            CachedIdentityCatalog cached = new CachedIdentityCatalog(catalog);
            AtomicInteger committed = new AtomicInteger();
            Future<?> writer = threads.submit(() -> {
                for (int i = 1; i <= ACCOUNTS; i++) {
                    String id = accountId(i);
                    cached.write(tx -> {
                        tx.accounts().insert(new DeploymentAccount(id, "a" + id, Instant.EPOCH));
                        return null;
                    });
                    committed.set(i);
                }
            });
            List<Future<Integer>> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                callers.add(threads.submit(() -> {
                    int stale = 0;
                    while (committed.get() < ACCOUNTS) {
                        int before = committed.get();
                        if (before > 0 && !cached.view().accounts().contains(accountId(before))) {
                            stale++;
                        }
                    }
                    return stale;
                }));
            }
            writer.get();
            for (Future<Integer> caller : callers) {
                assertThat(caller.get()).as("views missing a change committed before the call").isZero();
            }
            assertThat(cached.view().accounts()).hasSize(ACCOUNTS);
        }
    }

    private static String accountId(int i) {
        return String.format("%012d", 100_000_000_000L + i);
    }
}
