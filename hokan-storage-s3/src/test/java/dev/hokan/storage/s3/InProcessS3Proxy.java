package dev.hokan.storage.s3;

import dev.hokan.storage.s3.testing.S3Server;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/** s3proxy on jclouds' transient (in-memory) blob store, in the test's JVM, on a free loopback port. */
final class InProcessS3Proxy implements S3Server {
    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private InProcessS3Proxy(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    static InProcessS3Proxy start() throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials(S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY)
                .overrides(new Properties()).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return new InProcessS3Proxy(context, proxy);
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        } finally {
            context.close();
        }
    }
}
