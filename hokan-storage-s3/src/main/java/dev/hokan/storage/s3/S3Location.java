package dev.hokan.storage.s3;

import java.net.URI;

/** Where a store lives on S3: {@code s3://BUCKET/PREFIX}; the prefix is empty or ends with '/'. */
record S3Location(String bucket, String prefix) {

    static S3Location of(URI uri) {
        if (!"s3".equals(uri.getScheme()) || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            throw new IllegalArgumentException("an S3 location is s3://BUCKET/PREFIX: " + uri);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("an S3 location has no query or fragment: " + uri);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
        String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        if (prefix.contains("//") || prefix.contains("..")) {
            throw new IllegalArgumentException("invalid prefix in S3 location " + uri);
        }
        return new S3Location(uri.getRawAuthority(), prefix);
    }

    /** The S3 key of a store key. */
    String key(String storeKey) {
        return prefix + storeKey;
    }

    /** The store key of an S3 key under the prefix. */
    String storeKey(String s3Key) {
        return s3Key.substring(prefix.length());
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
