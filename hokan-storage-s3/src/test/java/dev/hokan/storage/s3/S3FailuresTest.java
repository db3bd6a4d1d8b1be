package dev.hokan.storage.s3;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.blob.RetryableStorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How S3's answers reach the vault: passing failures (server errors, throttling, a lost connection) as
 * {@link RetryableStorageException}, which the store's retry decorator repeats; refusals and missing objects not.
 * The service here is a loopback HTTP server answering every object request with one chosen S3 error.
 */
class S3FailuresTest {
    private HttpServer http;
    private final AtomicReference<String[]> answer = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    private BlobStore store;

    @BeforeEach
    void start() throws IOException {
        http = LoopbackHttp.start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/bucket")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                requests.incrementAndGet();
                String[] error = answer.get();
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + error[1] + "</Code><Message>"
                        + error[1] + " here</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(Integer.parseInt(error[0]), head ? -1 : body.length);
                if (!head) {
                    exchange.getResponseBody().write(body);
                }
            }
            exchange.close();
        });
        store = LoopbackHttp.store(http);
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private IOException failureOf(String status, String code) {
        answer.set(new String[] {status, code});
        return assertThrows(IOException.class, () -> store.get("config"));
    }

    @Test
    void serverErrorsAndThrottlingArePassing() {
        for (String[] passing : new String[][] {{"503", "SlowDown"}, {"500", "InternalError"}, {"429", "TooManyRequests"},
                {"400", "RequestTimeout"}}) {
            IOException failure = failureOf(passing[0], passing[1]);
            assertInstanceOf(RetryableStorageException.class, failure, passing[1]);
            assertTrue(failure.getMessage().contains("GET vault/config failed: HTTP " + passing[0] + " " + passing[1]),
                    failure.getMessage());
        }
    }

    @Test
    void refusalsAreNotRetriedAndAMissingObjectIsMissing() {
        IOException denied = failureOf("403", "AccessDenied");
        assertFalse(denied instanceof RetryableStorageException);
        assertTrue(denied.getMessage().contains("HTTP 403 AccessDenied: AccessDenied here"), denied.getMessage());
        requests.set(0);
        assertInstanceOf(NoSuchBlobException.class, failureOf("404", "NoSuchKey"));
        assertEquals(1, requests.get(), "a missing object is asked for once");
        assertFalse(failureOf("501", "NotImplemented") instanceof RetryableStorageException);
    }

    @Test
    void aLostConnectionIsPassing() {
        http.stop(0);
        assertInstanceOf(RetryableStorageException.class, assertThrows(IOException.class, () -> store.get("config")));
        assertInstanceOf(RetryableStorageException.class, assertThrows(IOException.class,
                () -> store.put("config", new byte[1])));
    }
}
