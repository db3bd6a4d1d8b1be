package dev.hokan.engine.resource.postgresql;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How Hokan reaches a PostgreSQL server: host, port, user and, when the server asks for one, the file holding the
 * password. The password is read from the file at each use and kept nowhere: the catalog stores the file's path.
 * {@code checked} is the address of the host that was checked against the account's endpoints, which every
 * connection goes to, so that the name cannot resolve elsewhere in between (none: connections go to the name).
 */
record PostgresServer(String host, int port, String user, Path passwordFile, Optional<InetAddress> checked) {
    static final int DEFAULT_PORT = 5432;

    /** "host:port", as messages name the server. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** "address:port" of the checked address, else {@link #address()}: where connections go. */
    String connectAddress() {
        return checked.map(a -> a.getHostAddress().indexOf(':') >= 0 ? "[" + a.getHostAddress() + "]:" + port
                : a.getHostAddress() + ":" + port).orElseGet(this::address);
    }

    /** The server as a recovery point names its source, e.g. {@code postgresql://postgres@127.0.0.1:5432}. */
    String location() {
        return "postgresql://" + user + "@" + address();
    }

    /** The password, read now, when there is a password file; its last line break is not part of it. */
    Optional<String> password() throws IOException {
        if (passwordFile == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(passwordFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("PasswordFile " + passwordFile + " cannot be read: " + e.getMessage(), e);
        }
        return Optional.of(text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * {@code pg_basebackup} writing the whole cluster as one tar archive on its standard output, with the WAL that
     * makes it consistent (fetched at its end) and a fast checkpoint to start at once. The password goes through the
     * environment of that one process only.
     */
    ProcessBuilder baseBackup() throws IOException {
        List<String> command = new ArrayList<>(List.of("pg_basebackup", "-h", host, "-p", Integer.toString(port), "-U", user,
                "-w", "-D", "-", "-Ft", "-X", "fetch", "-c", "fast", "-l", "hokan"));
        checked.ifPresent(a -> command.addAll(List.of("-d", "hostaddr=" + a.getHostAddress())));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PGCONNECT_TIMEOUT", "15");
        builder.environment().put("PGAPPNAME", "hokan");
        builder.environment().remove("PGPASSWORD");
        password().ifPresent(p -> builder.environment().put("PGPASSWORD", p));
        return builder;
    }
}
