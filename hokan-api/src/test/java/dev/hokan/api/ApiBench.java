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
import dev.hokan.engine.Account;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Load generator for the API (issue 3 benchmark): SigV4-signed DescribeBackupVault and
 * ListRecoveryPointsByBackupVault (pages of 100) on loopback against a vault holding 100,000 recovery points.
 * Every request is signed afresh and verified by the server. Bounded in time; stops by itself. The catalog is
 * SQLite, or PostgreSQL with {@code -Dhokan.test.catalog=postgresql} (a cluster the run starts, as the tests do).
 *
 * <p>Run: {@code java -cp <hokan-api test classpath> dev.hokan.api.ApiBench [seconds-per-phase] [clients]}
 */
public final class ApiBench {
    private static final int POINTS = 100_000;
    private static final String VAULT = "bench";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AwsBasicCredentials CREDENTIALS =
            AwsBasicCredentials.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY);

    private ApiBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dataDir = Files.createTempDirectory("hokan-bench");
        Account account = new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION);
        CatalogLocation catalogLocation = TestServer.catalogOf(dataDir);
        System.out.println("catalog: " + catalogLocation);
        seed(dataDir, account, catalogLocation);
        Map<String, String> env = Map.of(RootCredentials.ACCESS_KEY_ENV, TestServer.ACCESS_KEY,
                RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY);
        ServerConfig config = new ServerConfig(dataDir, "127.0.0.1", 0, ClockMode.SYSTEM,
                dataDir.resolve("master.key"), account, java.util.Set.of(), java.util.List.of(), 2, ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                env, HomeHostRoots.UNCONFINED, VaultLocations.under(dataDir,
                        StorageBackends.standard(S3Settings.fromEnvironment(null, null, env))), catalogLocation);
        try (HokanServer server = HokanServer.start(config)) {
            URI base = server.endpoint();
            URI describe = base.resolve("/backup-vaults/" + VAULT);
            run("warm-up", base, () -> describe, Math.max(3, seconds / 3), clients, false);
            run("DescribeBackupVault", base, () -> describe, seconds, clients, false);
            List<URI> pages = pageUris(base);
            AtomicLong next = new AtomicLong();
            run("ListRecoveryPointsByBackupVault (100/page)", base,
                    () -> pages.get((int) (next.getAndIncrement() % pages.size())), seconds, clients, true);
        }
    }

    private static void seed(Path dataDir, Account account, CatalogLocation location) {
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

    /** Walks the vault once with pages of 100 to collect page URIs spread over all 100,000 points. */
    private static List<URI> pageUris(URI base) throws IOException {
        List<URI> uris = new ArrayList<>();
        String token = null;
        String path = "/backup-vaults/" + VAULT + "/recovery-points/?maxResults=100";
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            do {
                URI uri = base.resolve(token == null ? path : path + "&nextToken=" + token);
                uris.add(uri);
                String body = client.get(uri).body();
                int at = body.indexOf("\"NextToken\":\"");
                token = at < 0 ? null : body.substring(at + 13, body.indexOf('"', at + 13));
            } while (token != null);
        }
        System.out.printf("collected %d page URIs over %d recovery points%n", uris.size(), POINTS);
        return uris;
    }

    private static void run(String name, URI base, Supplier<URI> target, int seconds, int clients, boolean list)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ConcurrentLinkedQueue<long[]> perClient = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong clientCpu = new AtomicLong();
        long processCpuBefore = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
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
        System.out.printf(Locale.ROOT, "%-45s %8d requests in %5.1f s = %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms"
                        + "  max %7.2f ms  errors %d  (%d clients)  server CPU %.0f us/request%n", name, all.length,
                elapsed, all.length / elapsed, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get(), clients,
                all.length == 0 ? 0 : serverCpu / 1e3 / all.length);
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

        KeepAliveClient(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            host = base.getHost() + ":" + base.getPort();
        }

        Response get(URI uri) throws IOException {
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
