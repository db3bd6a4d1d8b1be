package dev.hokan.engine.resource.postgresql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A restored data directory started for a restore test: as the OS user owning it (PostgreSQL refuses root), on a free
 * loopback port, reached through a socket in the directory around it with a host-based authentication file of its
 * own that trusts that socket only; once out of recovery (a restore to a point in time replays its WAL after it
 * starts, read-only meanwhile), checked with {@code pg_amcheck} and stopped.
 */
final class ScratchCluster {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CHECK_TIMEOUT = Duration.ofHours(2);
    private static final Duration RECOVERY_POLL = Duration.ofMillis(200);
    private static final int OUTPUT_SHOWN = 2000;
    /** The bootstrap superuser initdb creates by default, as which the check connects. */
    private static final String SUPERUSER = "postgres";

    private final Path data;
    private final Path home;

    ScratchCluster(Path data) {
        this.data = data;
        this.home = data.getParent();
    }

    /** Starts the cluster, checks every table and index of every database, stops it; what is wrong, if anything. */
    Optional<String> check() throws IOException, InterruptedException {
        Path hba = home.resolve("scratch_hba.conf");
        Files.writeString(hba, "local all all trust\n");
        new DataDirectoryTarget(data).owner().own(hba);
        int port = freePort();
        Result started = run(List.of(PostgresPrograms.of(data, "pg_ctl").toString(), "-D", data.toString(), "-l",
                home.resolve("server.log").toString(), "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + home
                        + " -c hba_file=" + hba + " -c archive_mode=off", "start"), START_TIMEOUT.plusMinutes(1));
        if (started.status() != 0) {
            return Optional.of("The restored PostgreSQL cluster did not start: " + started.output() + log());
        }
        try {
            Optional<String> recovering = awaitRecoveryEnd(port);
            if (recovering.isPresent()) {
                return recovering;
            }
            Result checked = run(List.of(PostgresPrograms.of(data, "pg_amcheck").toString(), "-h", home.toString(),
                    "-p", Integer.toString(port), "-U", SUPERUSER, "--all", "--heapallindexed", "--install-missing"),
                    CHECK_TIMEOUT);
            return checked.status() == 0 ? Optional.empty() : Optional.of("pg_amcheck found the restored cluster"
                    + " damaged (exit status " + checked.status() + "): " + checked.output());
        } finally {
            stop("fast");
        }
    }

    /** Waits until the started cluster has left recovery; what kept it from doing so in time, if anything. */
    private Optional<String> awaitRecoveryEnd(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Result asked = run(List.of(PostgresPrograms.of(data, "psql").toString(), "-h", home.toString(), "-p",
                    Integer.toString(port), "-U", SUPERUSER, "-d", "postgres", "-At", "-c",
                    "select pg_is_in_recovery()"), START_TIMEOUT);
            if (asked.status() == 0 && asked.output().equals("f")) {
                return Optional.empty();
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.of("The restored PostgreSQL cluster was still recovering after " + START_TIMEOUT + ": "
                        + asked.output() + log());
            }
            Thread.sleep(RECOVERY_POLL.toMillis());
        }
    }

    /** Stops the cluster if it runs. */
    void stop(String mode) throws IOException, InterruptedException {
        if (Files.exists(data.resolve("postmaster.pid"), LinkOption.NOFOLLOW_LINKS)) {
            run(List.of(PostgresPrograms.of(data, "pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w",
                    "stop"), START_TIMEOUT);
        }
    }

    private String log() throws IOException {
        Path log = home.resolve("server.log");
        return Files.exists(log) ? " " + last(Files.readString(log)) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Result(int status, String output) {
    }

    /** Runs a program as the owner of the data directory when the server is root, else as the server's own user. */
    private Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        List<String> asOwner = new ArrayList<>();
        if (ROOT) {
            asOwner.addAll(List.of("runuser", "-u", Files.getOwner(data, LinkOption.NOFOLLOW_LINKS).getName(), "--"));
        }
        asOwner.addAll(command);
        Process process = new ProcessBuilder(asOwner).redirectErrorStream(true).directory(home.toFile()).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.getFirst() + " did not end within " + timeout);
        }
        return new Result(process.exitValue(), last(new String(output, StandardCharsets.UTF_8)));
    }

    private static String last(String text) {
        String stripped = text.strip();
        return stripped.length() <= OUTPUT_SHOWN ? stripped : "..." + stripped.substring(stripped.length() - OUTPUT_SHOWN);
    }
}
