package dev.hokan.storage.s3;

import dev.hokan.storage.s3.testing.S3Server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on s3proxy (jclouds' in-memory store), in this JVM. */
class S3ProxyBlobStoreTest extends S3BlobStoreContract {
    private static InProcessS3Proxy server;

    @BeforeAll
    static void startServer() throws Exception {
        server = InProcessS3Proxy.start();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    S3Server server() {
        return server;
    }

    @Override
    boolean honoursConditionalWrites() {
        return false;
    }

    @Override
    boolean listsWhenUploadsStarted() {
        return true;
    }
}
