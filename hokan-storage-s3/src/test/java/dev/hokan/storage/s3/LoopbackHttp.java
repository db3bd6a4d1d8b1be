package dev.hokan.storage.s3;


import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.hokan.store.blob.BlobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Executor;

/** A hand-made S3 answer on a loopback HTTP server, for what real servers cannot be made to do on demand. */
final class LoopbackHttp {
    private LoopbackHttp() {
    }

    /** A server answering one request at a time. */
    static HttpServer start(HttpHandler handler) throws IOException {
        return start(handler, null);
    }

    /** A server answering each request on a thread of {@code executor}. */
    static HttpServer start(HttpHandler handler, Executor executor) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", handler);
        http.setExecutor(executor);
        http.start();
        return http;
    }

    /** The store {@code s3://bucket/vault} on that server. */
    static BlobStore store(HttpServer http) throws IOException {
        URI endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        return new S3StorageProvider(new S3Settings(Optional.of(endpoint), "us-east-1",
                Optional.of(new S3Settings.Credentials("id", "secret")))).open(URI.create("s3://bucket/vault"));
    }
}
