package dev.hokan.storage.s3;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the vault stores' uploads over plain http carry as their payload hash: {@code UNSIGNED-PAYLOAD}, with the rest
 * of the request signed, while other clients keep hashing bodies. That s3proxy and moto accept such requests (the
 * signature checks out) is what {@link S3ProxyBlobStoreTest} and {@link MotoBlobStoreTest} show.
 */
class UnsignedPayloadsTest {
    private HttpServer http;
    /** The x-amz-content-sha256 and Authorization headers of each PUT, by path. */
    private final Map<String, String[]> puts = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        http = LoopbackHttp.start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("PUT")) {
                puts.put(exchange.getRequestURI().getPath(), new String[] {
                        exchange.getRequestHeaders().getFirst("x-amz-content-sha256"),
                        exchange.getRequestHeaders().getFirst("Authorization")});
                exchange.getResponseHeaders().add("ETag", "\"0\"");
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void theVaultsUploadsAreSignedWithoutHashingTheirBodies() throws IOException {
        BlobStore store = LoopbackHttp.store(http);
        store.put("config", new byte[] {1, 2, 3});
        try (BlobWriter writer = store.create("data/00/pack")) {
            writer.write(new byte[1000], 0, 1000);
            writer.commit();
        }
        for (String path : new String[] {"/bucket/vault/config", "/bucket/vault/data/00/pack"}) {
            String[] headers = puts.get(path);
            assertEquals("UNSIGNED-PAYLOAD", headers[0], path);
            assertTrue(headers[1].startsWith("AWS4-HMAC-SHA256 Credential=id/")
                    && headers[1].contains("SignedHeaders=") && headers[1].contains("x-amz-content-sha256"), headers[1]);
        }
    }

    @Test
    void otherClientsStillHashTheBodiesTheySendOverHttp() {
        URI endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        try (S3Client client = S3StorageProvider.newClient(new S3Settings(Optional.of(endpoint), "us-east-1",
                Optional.of(new S3Settings.Credentials("id", "secret"))))) {
            client.putObject(r -> r.bucket("bucket").key("object"), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        }
        assertNotEquals("UNSIGNED-PAYLOAD", puts.get("/bucket/object")[0]);
    }
}
