package dev.hokan.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SMTP server on loopback that takes every message (one connection at a time) and keeps its text. */
final class SmtpReceiver implements AutoCloseable {
    private final ServerSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread loop;

    SmtpReceiver() throws IOException {
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        loop = Thread.ofPlatform().daemon().start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Each message: its envelope recipient on the first line, then the data as received. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 test ESMTP");
        String recipient = null;
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.split("[ :]", 2)[0].toUpperCase();
            switch (verb) {
                case "HELO", "EHLO", "MAIL" -> reply(out, "250 OK");
                case "RCPT" -> {
                    recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    reply(out, "250 OK");
                }
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    StringBuilder data = new StringBuilder(recipient).append('\n');
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
                    }
                    messages.add(data.toString());
                    reply(out, "250 queued");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "502 not here");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
