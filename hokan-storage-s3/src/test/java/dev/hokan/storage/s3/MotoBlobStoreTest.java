package dev.hokan.storage.s3;

import dev.hokan.storage.s3.testing.MotoServer;
import dev.hokan.storage.s3.testing.S3Server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on moto's S3 server, a process of its own. */
class MotoBlobStoreTest extends S3BlobStoreContract {
    static MotoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here (./run-tests installs it"
                + " with pip where Python 3 is present): the contract on moto is skipped");
        server = MotoServer.start(MotoServer.command().orElseThrow());
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    S3Server server() {
        return server;
    }

    @Override
    boolean honoursConditionalWrites() {
        return true;
    }

    @Override
    boolean listsWhenUploadsStarted() {
        return false;
    }
}
