package dev.hokan.api;

import com.sun.management.OperatingSystemMXBean;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogMigration;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.S3Settings;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Load generator for the API (issue 3 and 15 benchmarks): SigV4-signed DescribeBackupVault and
 * ListRecoveryPointsByBackupVault (pages of 100) on loopback against a vault holding 100,000 recovery points.
 * Every request is signed afresh and verified by the server. Bounded in time; stops by itself.
 *
 * <p>With {@code sqlite}, one node on SQLite. With {@code postgresql}, the same run measures one node on SQLite, one
 * node on a PostgreSQL catalog (a cluster the run starts, as the tests do) and, with {@code nodes} above one, that
 * many nodes on the same database with the clients spread over them, and compares them. The nodes are servers in
 * this process (each with its own catalog connections, identity view and HTTP server; they share the JVM), so
 * that every setup is measured alike, server CPU per request included, and no extra JVM competes for the two cores.
 *
 * <p>Run: {@code java -cp <hokan-api test classpath> dev.hokan.api.ApiBench [seconds-per-phase] [clients]
 * [sqlite|postgresql] [nodes]}
 */
public final class ApiBench {
    private static final int POINTS = 100_000;
    private static final String VAULT = "bench";
    private static final String DESCRIBE = "DescribeBackupVault";
    private static final String LIST = "ListRecoveryPointsByBackupVault (100/page)";
    /** Issue 15's targets: p99 of a describe and of a list page, and PostgreSQL's throughput against SQLite's. */
    private static final Map<String, Double> P99_TARGET_MS = Map.of(DESCRIBE, 10.0, LIST, 50.0);
    private static final double THROUGHPUT_TARGET = 0.70;
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AwsBasicCredentials CREDENTIALS =
            AwsBasicCredentials.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY);
    private static final Account ACCOUNT = new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION);

    private ApiBench() {
    }

    /** One phase's figures on one setup. */
    private record Result(String setup, String phase, int clients, long requests, double seconds, double p50,
                          double p99) {
        double throughput() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String catalog = args.length > 2 ? args[2] : "sqlite";
        int nodes = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        if (!catalog.equals("sqlite") && !catalog.equals("postgresql") || nodes < 1
                || catalog.equals("sqlite") && nodes > 1) {
            throw new IllegalArgumentException("Usage: ApiBench [SECONDS] [CLIENTS] [sqlite|postgresql] [NODES];"
                    + " several nodes need postgresql");
        }
        Path dir = Files.createTempDirectory("hokan-bench");
        List<Result> results = new ArrayList<>();
        Path sqlite = dir.resolve("sqlite");
        seed(sqlite.resolve("node-1"), CatalogLocation.EMBEDDED);
        results.addAll(measure("1 node, SQLite", sqlite, CatalogLocation.EMBEDDED, 1, seconds, clients));
        if (catalog.equals("postgresql")) {
            // the same rows, moved as `hokan catalog migrate` moves them (in batches: 100,000 inserts of their own
            // take minutes on PostgreSQL)
            CatalogLocation.Postgres postgres = CatalogBackend.freshDatabase();
            CatalogMigration.run(sqlite.resolve("node-1"), ACCOUNT, postgres);
            Path cluster = dir.resolve("postgresql");
            results.addAll(measure("1 node, PostgreSQL", cluster, postgres, 1, seconds, clients));
            if (nodes > 1) {
                results.addAll(measure(nodes + " nodes, PostgreSQL", cluster, postgres, nodes, seconds, clients));
            }
        }
        summary(results);
    }

    /**
     * Starts {@code nodes} servers on {@code catalog}, with data directories under {@code dir} and the master key next to
     * it (every setup's, as the catalog moved from SQLite holds what it sealed), and runs the phases.
     */
    private static List<Result> measure(String setup, Path dir, CatalogLocation catalog, int nodes, int seconds,
                                        int clients) throws Exception {
        // the start time places the setup in a profile of the run (JFR's samples carry wall-clock times)
        System.out.println("== " + setup + " (catalog: " + catalog + "), from " + Instant.now());
        Map<String, String> env = Map.of(RootCredentials.ACCESS_KEY_ENV, TestServer.ACCESS_KEY,
                RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY);
        List<HokanServer> servers = new ArrayList<>();
        try {
            for (int n = 1; n <= nodes; n++) {
                Path dataDir = dir.resolve("node-" + n);
                servers.add(HokanServer.start(new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.SYSTEM,
                        dir.resolveSibling("master.key"), ACCOUNT, Set.of(), List.of(), 2,
                        ExpiryWindow.of(ExpiryWindow.AWS_LENGTH), env, HomeHostRoots.UNCONFINED,
                        VaultLocations.under(dataDir, StorageBackends.standard(S3Settings.fromEnvironment(null, null,
                                env))), catalog, "node-" + n)));
            }
            List<URI> bases = servers.stream().map(HokanServer::endpoint).toList();
            String describe = "/backup-vaults/" + VAULT;
            List<String> pages = pages(bases.getFirst());
            AtomicLong next = new AtomicLong();
            Supplier<String> page = () -> pages.get((int) (next.getAndIncrement() % pages.size()));
            // both kinds of request, on every setup: the first setup must not pay for compiling the code alone
            int warmUp = Math.max(3, seconds / 3);
            run(setup, "warm-up: " + DESCRIBE, bases, () -> describe, warmUp, clients, false);
            run(setup, "warm-up: " + LIST, bases, page, warmUp, clients, true);
            return List.of(run(setup, DESCRIBE, bases, () -> describe, seconds, clients, false),
                    run(setup, LIST, bases, page, seconds, clients, true));
        } finally {
            for (HokanServer server : servers) {
                server.close();
            }
        }
    }

    /** Each phase's figures, and each PostgreSQL setup's throughput against SQLite's, with the targets. */
    private static void summary(List<Result> results) {
        System.out.printf(Locale.ROOT, "%n%-45s %-22s %8s %10s %9s %9s %13s%n", "phase", "setup", "clients",
                "req/s", "p50 ms", "p99 ms", "vs SQLite");
        for (String phase : List.of(DESCRIBE, LIST)) {
            List<Result> ofPhase = results.stream().filter(r -> r.phase().equals(phase)).toList();
            double sqlite = ofPhase.getFirst().throughput();
            for (Result r : ofPhase) {
                String ratio = r == ofPhase.getFirst() ? "" : String.format(Locale.ROOT, "%.2f %s",
                        r.throughput() / sqlite, r.throughput() / sqlite >= THROUGHPUT_TARGET ? "ok" : "LOW");
                System.out.printf(Locale.ROOT, "%-45s %-22s %8d %10.0f %9.2f %9.2f%s %13s%n", phase, r.setup(),
                        r.clients(), r.throughput(), r.p50(), r.p99(), r.p99() < P99_TARGET_MS.get(phase) ? " " : "!",
                        ratio);
            }
        }
        System.out.printf(Locale.ROOT, "targets: p99 under %.0f ms (describe) and %.0f ms (list page), marked ! when"
                + " missed; PostgreSQL at least %.0f%% of SQLite's throughput, marked LOW when missed%n",
                P99_TARGET_MS.get(DESCRIBE), P99_TARGET_MS.get(LIST), THROUGHPUT_TARGET * 100);
    }

    private static void seed(Path dataDir, CatalogLocation location) {
        Account account = ACCOUNT;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (Catalogs catalogs = Catalogs.open(location);
             CellCatalog catalog = catalogs.cell(dataDir, account.accountId(), account.region())) {
            catalog.write(tx -> {
                tx.vaults().insert(new BackupVault(VAULT, start, null, account.masterKeyArn(), 0));
                for (int i = 0; i < POINTS; i++) {
                    String resource = account.resourceArn("directory", "dir-" + (i % 500));
                    tx.recoveryPoints().insert(RecoveryPoint.builder()
                            .recoveryPointId(UUID.randomUUID().toString().toUpperCase(Locale.ROOT))
                            .vaultName(VAULT)
                            .resourceArn(resource)
                            .resourceType(new ResourceType("Directory"))
                            .resourceName("dir-" + (i % 500))
                            .snapshotId("snapshot-" + i)
                            .status(RecoveryPointStatus.COMPLETED)
                            .creationDate(start.plusSeconds(i))
                            .completionDate(start.plusSeconds(i + 1))
                            .backupSizeInBytes(1_000_000L + i)
                            .fileCount(100)
                            .sourceLocation("/srv/dir-" + (i % 500))
                            .lifecycle(new Lifecycle(null, 3650L, null))
                            .iamRoleArn(TestServer.ROLE)
                            .backupJobId(UUID.randomUUID().toString())
                            .storageClass(StorageClass.WARM)
                            .retention(RetentionClock.RUNNING)
                            .build());
                }
                // the vault has no storage: its records have nothing to be written into, and their one-time
                // writing after an upgrade is not what this benchmark measures
                tx.vaultRecordQueue().pending(POINTS + 1).forEach(tx.vaultRecordQueue()::written);
                return null;
            });
        }
    }

    /** Walks the vault once with pages of 100 to collect the paths of pages spread over all 100,000 points. */
    private static List<String> pages(URI base) throws IOException {
        List<String> paths = new ArrayList<>();
        String token = null;
        String path = "/backup-vaults/" + VAULT + "/recovery-points/?maxResults=100";
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            do {
                String page = token == null ? path : path + "&nextToken=" + token;
                paths.add(page);
                String body = client.get(page).body();
                int at = body.indexOf("\"NextToken\":\"");
                token = at < 0 ? null : body.substring(at + 13, body.indexOf('"', at + 13));
            } while (token != null);
        }
        System.out.printf("collected %d page paths over %d recovery points%n", paths.size(), POINTS);
        return paths;
    }

    /** Runs {@code clients} clients for {@code seconds}, client {@code c} on node {@code c} modulo the nodes. */
    private static Result run(String setup, String phase, List<URI> bases, Supplier<String> target, int seconds,
                              int clients, boolean list) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ConcurrentLinkedQueue<long[]> perClient = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong clientCpu = new AtomicLong();
        long processCpuBefore = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            URI base = bases.get(c % bases.size());
            threads.add(Thread.ofPlatform().start(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                try (KeepAliveClient client = new KeepAliveClient(base)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        KeepAliveClient.Response r = client.get(target.get());
                        if (r.status() != 200 || (list && !r.body().contains("RecoveryPointArn"))) {
                            errors.incrementAndGet();
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - t0;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
                clientCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
                perClient.add(Arrays.copyOf(latencies, n));
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long serverCpu = PROCESS.getProcessCpuTime() - processCpuBefore - clientCpu.get();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Result result = new Result(setup, phase, clients, all.length, elapsed, percentile(all, 0.50),
                percentile(all, 0.99));
        System.out.printf(Locale.ROOT, "%-52s %8d requests in %5.1f s = %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms"
                        + "  max %7.2f ms  errors %d  (%d clients, %d nodes)  server CPU %.0f us/request%n", phase,
                all.length, elapsed, result.throughput(), result.p50(), result.p99(),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get(), clients, bases.size(),
                all.length == 0 ? 0 : serverCpu / 1e3 / all.length);
        return result;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    /**
     * One keep-alive HTTP/1.1 connection that signs every GET with SigV4 (the SDK's signer) before sending it;
     * small on purpose, so the load generator measures the server rather than a client library.
     */
    private static final class KeepAliveClient implements AutoCloseable {
        record Response(int status, String body) {
        }

        private final Socket socket;
        private final OutputStream out;
        private final BufferedInputStream in;
        private final String host;
        private final URI base;

        KeepAliveClient(URI base) throws IOException {
            this.base = base;
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            host = base.getHost() + ":" + base.getPort();
        }

        Response get(String pathAndQuery) throws IOException {
            URI uri = base.resolve(pathAndQuery);
            SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.GET).build();
            SdkHttpRequest signed = SIGNER.sign(r -> r
                    .identity(CREDENTIALS)
                    .request(unsigned)
                    .payload(() -> new ByteArrayInputStream(new byte[0]))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "backup")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
            StringBuilder head = new StringBuilder(512).append("GET ").append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                    values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
                }
            });
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = readLine();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            String line;
            while (!(line = readLine()).isEmpty()) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IOException("response without Content-Length");
            }
            return new Response(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
