package dev.hokan.store.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that speaks just enough of PostgreSQL's protocol to accept a login and say which version it is,
 * standing for a server older than any Debian package on the machine (Hokan refuses such servers at registration).
 */
public final class OldPostgres implements AutoCloseable {
    private final ServerSocket socket;
    private final String version;
    private final Thread acceptor;

    private OldPostgres(ServerSocket socket, String version) {
        this.socket = socket;
        this.version = version;
        this.acceptor = Thread.ofVirtual().start(this::serve);
    }

    public static OldPostgres start(String version) throws IOException {
        return new OldPostgres(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), version);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                DataOutputStream out = new DataOutputStream(client.getOutputStream());
                int length = in.readInt();
                int code = in.readInt();
                if (code == 80877103) {
                    out.write('N');
                    out.flush();
                    length = in.readInt();
                    in.readInt();
                }
                in.skipNBytes(length - 8);
                out.write('R');
                out.writeInt(8);
                out.writeInt(0);
                parameter(out, "server_version", version);
                parameter(out, "client_encoding", "UTF8");
                parameter(out, "DateStyle", "ISO, MDY");
                parameter(out, "standard_conforming_strings", "on");
                parameter(out, "integer_datetimes", "on");
                out.write('K');
                out.writeInt(12);
                out.writeInt(4242);
                out.writeInt(1);
                out.write('Z');
                out.writeInt(5);
                out.write('I');
                out.flush();
                while (in.read() >= 0) {
                    // until the client leaves
                }
            } catch (IOException closed) {
                // the next client, or the end
            }
        }
    }

    private static void parameter(DataOutputStream out, String name, String value) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        out.write('S');
        out.writeInt(4 + n.length + 1 + v.length + 1);
        out.write(n);
        out.write(0);
        out.write(v);
        out.write(0);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        acceptor.join();
    }
}
