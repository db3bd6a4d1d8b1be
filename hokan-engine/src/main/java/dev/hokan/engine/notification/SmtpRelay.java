package dev.hokan.engine.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;

/**
 * The SMTP relay email subscriptions go through ({@code --smtp-host}, {@code --smtp-port}, {@code --smtp-from}):
 * plain SMTP over the JDK's sockets, one connection per message, a text/plain UTF-8 body. Authentication and TLS
 * are the relay's affair (a local MTA relaying onwards).
 */
public record SmtpRelay(String host, int port, String from) {
    private static final int TIMEOUT_MILLIS = 30_000;

    public SmtpRelay {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The SMTP port must be between 1 and 65535, not " + port);
        }
        if (!from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw new IllegalArgumentException("The sender address must be an email address, not " + from);
        }
    }

    /** Sends one message; an IOException says what the relay answered. */
    void send(String to, String subject, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, 220, "greeting");
            command(out, in, "HELO hokan", 250);
            command(out, in, "MAIL FROM:<" + from + ">", 250);
            command(out, in, "RCPT TO:<" + to + ">", 250);
            command(out, in, "DATA", 354);
            out.write(message(to, subject, body).getBytes(StandardCharsets.UTF_8));
            command(out, in, ".", 250);
            command(out, in, "QUIT", 221);
        }
    }

    private String message(String to, String subject, String body) {
        StringBuilder m = new StringBuilder()
                .append("From: ").append(from).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Subject: =?UTF-8?B?")
                .append(Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))).append("?=\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        for (String line : body.split("\r?\n", -1)) {
            m.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        return m.toString();
    }

    private static void command(OutputStream out, BufferedReader in, String line, int expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, expected, line.split("[ :]", 2)[0]);
    }

    /** Reads a reply, its continuation lines too, and refuses any other code than {@code expected}. */
    private static void expect(BufferedReader in, int expected, String after) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("The SMTP relay closed the connection after " + after);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(expected))) {
            throw new IOException("The SMTP relay answered " + after + " with: " + line);
        }
    }
}
