package dev.hokan.storage.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 for the vault stores' client with {@code UNSIGNED-PAYLOAD} over http as well as over https. The SDK's signer
 * hashes every request body with SHA-256 over http whatever it is told (and the service hashes it again to check):
 * a tenth of a backup's Java samples for bytes that need no such check. Every object a vault writes is authenticated by
 * the store itself (AES-GCM, the blob's ID as associated data; keys sealed with the master key), and S3 answers are
 * never signed, so a body changed on a plain-http path is caught where it counts, when it is read (by restore and
 * verify), exactly as a changed answer would be; the request itself (method, key, headers, time) stays signed.
 * <p>
 * The signer decides from the request's protocol alone, so the request is signed as its https twin with the Host
 * header the http request sends, then given back its protocol. Clients for data that is not the vault's (bucket
 * resources, reports) keep the SDK's signer.
 */
final class UnsignedPayloads implements AwsV4AuthScheme {
    private final AwsV4AuthScheme sdk = AwsV4AuthScheme.create();
    private final Signer signer = new Signer(sdk.signer());

    @Override
    public String schemeId() {
        return sdk.schemeId();
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return sdk.identityProvider(providers);
    }

    @Override
    public AwsV4HttpSigner signer() {
        return signer;
    }

    private record Signer(AwsV4HttpSigner sdk) implements AwsV4HttpSigner {
        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            SdkHttpRequest http = request.request();
            if (!"http".equals(http.protocol())) {
                return sdk.sign(request);
            }
            SdkHttpRequest twin = http.toBuilder().protocol("https").putHeader("Host", host(http)).build();
            SignedRequest signed = sdk.sign(request.copy(r -> r.request(twin)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
            return signed.copy(r -> r.request(signed.request().toBuilder().protocol("http").port(http.port())
                    .build()));
        }

        /** The store's client is synchronous: nothing signs through here. */
        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(
                AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return sdk.signAsync(request);
        }

        /** What an http client sends as Host: the port only when it is not 80. */
        private static String host(SdkHttpRequest http) {
            return http.port() == 80 ? http.host() : http.host() + ":" + http.port();
        }
    }
}
