/** Vaults on S3-compatible object storage: a storage backend for the store, on the AWS SDK for Java v2. */
module dev.hokan.storage.s3 {
    requires transitive dev.hokan.store;
    requires java.logging;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.auth.aws;
    requires software.amazon.awssdk.http.auth.spi;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.services.s3;

    exports dev.hokan.storage.s3;
}
