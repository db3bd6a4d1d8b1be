package dev.hokan.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 cluster of Debian's packages for a test: made with {@code initdb} (trust authentication,
 * {@code wal_level = replica}) in a directory of its own under /tmp, listening on a free loopback port and a Unix socket
 * in that directory, run as the {@code postgres} OS user when the test runs as root (PostgreSQL refuses root).
 * {@link #close()} stops it at once and removes the directory. {@link #restored} starts a data directory a restore
 * wrote, on its own port.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String OS_USER = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path home;
    private final Path data;
    private final int port;
    private final boolean removeHome;

    private PostgresCluster(Path home, Path data, int port, boolean removeHome) {
        this.home = home;
        this.data = data;
        this.port = port;
        this.removeHome = removeHome;
    }

    /** A new cluster, started; {@code settings} are further lines of postgresql.conf. */
    public static PostgresCluster start(String... settings) throws IOException, InterruptedException {
        Path home = home();
        Path data = home.resolve("data");
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "--auth=trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8", "--locale=C"));
        List<String> conf = new ArrayList<>(List.of("listen_addresses = '127.0.0.1'", "wal_level = replica",
                "max_wal_senders = 10", "max_replication_slots = 10", "fsync = off", "unix_socket_directories = '"
                        + home + "'"));
        conf.addAll(List.of(settings));
        Files.writeString(data.resolve("postgresql.conf"), "\n" + String.join("\n", conf) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        PostgresCluster cluster = new PostgresCluster(home, data, freePort(), true);
        cluster.pgCtlStart();
        return cluster;
    }

    /**
     * Starts a data directory as it is (a restore's target), with this cluster's port and socket settings overridden on
     * the command line, and returns once it has left recovery; closing it stops it and leaves the directory. Its parent
     * must be reachable by the OS user.
     */
    public static PostgresCluster restored(Path data) throws IOException, InterruptedException {
        PostgresCluster cluster = new PostgresCluster(data.getParent(), data, freePort(), false);
        cluster.pgCtlStart();
        cluster.awaitEndOfRecovery();
        return cluster;
    }

    /**
     * Waits until recovery has ended, end-of-recovery checkpoint included: {@code pg_ctl -w} returns as soon as a
     * recovering cluster accepts read-only connections, which then see any state the replay passes through, and an
     * immediate stop during its promotion makes the next start replay past a recovery target.
     */
    private void awaitEndOfRecovery() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!"f".equals(sql("select pg_is_in_recovery()"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("The cluster in " + data + " was still in recovery after 120 s: " + log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * A new directory under /tmp that the OS user owns and can reach (test framework temp directories are 0700 and
     * root's); a restore target belongs there so that the restored files get that user as owner.
     */
    public static Path home() throws IOException {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "hokan-pg-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (ROOT) {
            UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(home, users.lookupPrincipalByName(OS_USER));
            Files.getFileAttributeView(home, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName(OS_USER));
        }
        return home;
    }

    /** Removes a directory {@link #home()} made, with what is in it. */
    public static void remove(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pgCtlStart() throws IOException, InterruptedException {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("server-" + port + ".log").toString(),
                "-w", "-t", "120", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + home,
                "start"));
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return data;
    }

    /** The cluster's log, where a failing start says why. */
    public String log() throws IOException {
        return Files.readString(home.resolve("server-" + port + ".log"));
    }

    /** Runs SQL through psql over TCP and returns its unaligned, tuples-only output, trimmed. */
    public String sql(String statements) throws IOException, InterruptedException {
        return run(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atq", "-c", statements)).trim();
    }

    /** Puts a line first in pg_hba.conf (the first matching line decides) and reloads the configuration. */
    public void hbaFirst(String line) throws IOException, InterruptedException {
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, line + "\n" + Files.readString(hba));
        sql("select pg_reload_conf()");
    }

    /** Creates the pgbench tables at {@code scale} (100,000 accounts per unit, about 15 MiB). */
    public void pgbenchInit(int scale) throws IOException, InterruptedException {
        run(List.of(BIN.resolve("pgbench").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                "-i", "-q", "-s", Integer.toString(scale), "postgres"));
    }

    /** Starts pgbench's default transactions for {@code seconds} with {@code clients} clients; the caller waits for it. */
    public Process pgbench(int clients, int seconds) throws IOException {
        return new ProcessBuilder(BIN.resolve("pgbench").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-c", Integer.toString(clients), "-T", Integer.toString(seconds), "-n", "postgres")
                .redirectErrorStream(true).redirectOutput(home.resolve("pgbench-" + System.nanoTime() + ".log").toFile()).start();
    }

    /** Checks every table and index of every database with pg_amcheck; returns its exit status and output. */
    public Result amcheck() throws IOException, InterruptedException {
        return runStatus(List.of(BIN.resolve("pg_amcheck").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "--all", "--heapallindexed", "--install-missing"));
    }

    /** What a command said and how it ended. */
    public record Result(int status, String output) {
    }

    /** Stops the cluster at once; a cluster made here is removed with its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            runStatus(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        }
        if (removeHome) {
            remove(home);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Result result = runStatus(command);
        if (result.status() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.status() + ": " + result.output());
        }
        return result.output();
    }

    /** Runs a PostgreSQL program as the OS user (root is refused by the server and initdb) and waits for it. */
    private static Result runStatus(List<String> command) throws IOException, InterruptedException {
        List<String> asUser = new ArrayList<>();
        if (ROOT) {
            asUser.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        asUser.addAll(command);
        Process process = new ProcessBuilder(asUser).redirectErrorStream(true).directory(new java.io.File("/tmp")).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
