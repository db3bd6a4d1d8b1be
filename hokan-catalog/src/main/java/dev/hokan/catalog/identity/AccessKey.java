package dev.hokan.catalog.identity;

import java.time.Instant;

/** An access key pair of a principal. {@link #toString()} never shows the secret. */
public record AccessKey(String accessKeyId, String secretAccessKey, String principalArn, Instant creationDate) {
    @Override
    public String toString() {
        return "AccessKey[accessKeyId=" + accessKeyId + ", principalArn=" + principalArn + ", secretAccessKey=****]";
    }
}
