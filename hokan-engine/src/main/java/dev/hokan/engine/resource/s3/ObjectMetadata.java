package dev.hokan.engine.resource.s3;

import dev.hokan.store.posix.ExtendedAttribute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * What an object carries besides its bytes, kept in the snapshot as extended attributes of its file node (so the tree
 * format stays as it is): {@code user.s3.content-type} and the other standard headers, {@code user.s3.meta.NAME} for
 * each user metadata entry, {@code user.s3.tag.KEY} for each tag; in a versioned bucket {@code user.s3.version-id}, and
 * {@code user.s3.delete-marker} on a delete marker.
 */
record ObjectMetadata(Map<String, String> headers, Map<String, String> userMetadata, Map<String, String> tags) {
    private static final String PREFIX = "user.s3.";
    private static final String META = PREFIX + "meta.";
    private static final String TAG = PREFIX + "tag.";
    private static final String CONTENT_TYPE = "content-type";
    private static final String CACHE_CONTROL = "cache-control";
    private static final String CONTENT_ENCODING = "content-encoding";
    private static final String CONTENT_DISPOSITION = "content-disposition";
    private static final String CONTENT_LANGUAGE = "content-language";
    private static final String VERSION_ID = "version-id";
    private static final String DELETE_MARKER = "delete-marker";
    private static final String ETAG = "etag";

    static ObjectMetadata of(GetObjectResponse object, List<Tag> tags) {
        Map<String, String> headers = new LinkedHashMap<>();
        putIfPresent(headers, CONTENT_TYPE, object.contentType());
        putIfPresent(headers, CACHE_CONTROL, object.cacheControl());
        putIfPresent(headers, CONTENT_ENCODING, contentEncoding(object.contentEncoding()));
        putIfPresent(headers, CONTENT_DISPOSITION, object.contentDisposition());
        putIfPresent(headers, CONTENT_LANGUAGE, object.contentLanguage());
        putIfPresent(headers, VERSION_ID, object.versionId());
        putIfPresent(headers, ETAG, object.eTag());
        Map<String, String> tagMap = new LinkedHashMap<>();
        tags.forEach(t -> tagMap.put(t.key(), t.value()));
        return new ObjectMetadata(headers, object.metadata(), tagMap);
    }

    /** What a delete marker of a versioned bucket is: its version ID, and that it is one. */
    static ObjectMetadata deleteMarker(String versionId) {
        return new ObjectMetadata(Map.of(VERSION_ID, versionId, DELETE_MARKER, "true"), Map.of(), Map.of());
    }

    static ObjectMetadata of(List<ExtendedAttribute> attributes) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> userMetadata = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        for (ExtendedAttribute a : attributes) {
            String value = new String(a.value(), StandardCharsets.UTF_8);
            if (a.name().startsWith(META)) {
                userMetadata.put(a.name().substring(META.length()), value);
            } else if (a.name().startsWith(TAG)) {
                tags.put(a.name().substring(TAG.length()), value);
            } else if (a.name().startsWith(PREFIX)) {
                headers.put(a.name().substring(PREFIX.length()), value);
            }
        }
        return new ObjectMetadata(headers, userMetadata, tags);
    }

    /** The ETag the object had when the backup read it; empty for points made before backups recorded it. */
    Optional<String> eTag() {
        return Optional.ofNullable(headers.get(ETAG));
    }

    List<ExtendedAttribute> attributes() {
        List<ExtendedAttribute> attributes = new ArrayList<>();
        headers.forEach((name, value) -> attributes.add(attribute(PREFIX + name, value)));
        userMetadata.forEach((name, value) -> attributes.add(attribute(META + name, value)));
        tags.forEach((key, value) -> attributes.add(attribute(TAG + key, value)));
        return attributes;
    }

    /** A PUT of the object with this metadata and these tags. */
    PutObjectRequest.Builder onto(PutObjectRequest.Builder put) {
        put.contentType(headers.get(CONTENT_TYPE)).cacheControl(headers.get(CACHE_CONTROL))
                .contentEncoding(headers.get(CONTENT_ENCODING)).contentDisposition(headers.get(CONTENT_DISPOSITION))
                .contentLanguage(headers.get(CONTENT_LANGUAGE)).metadata(userMetadata);
        if (!tags.isEmpty()) {
            put.tagging(tagging());
        }
        return put;
    }

    /** A copy of the object onto itself (which has no tags) with this metadata and these tags. */
    CopyObjectRequest.Builder onto(CopyObjectRequest.Builder copy) {
        copy.contentType(headers.get(CONTENT_TYPE)).cacheControl(headers.get(CACHE_CONTROL))
                .contentEncoding(headers.get(CONTENT_ENCODING)).contentDisposition(headers.get(CONTENT_DISPOSITION))
                .contentLanguage(headers.get(CONTENT_LANGUAGE)).metadata(userMetadata);
        if (!tags.isEmpty()) {
            copy.taggingDirective(TaggingDirective.REPLACE).tagging(tagging());
        }
        return copy;
    }

    private Tagging tagging() {
        return Tagging.builder().tagSet(tags.entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build();
    }

    /**
     * The object's own encodings: without {@code aws-chunked}, how a request carried it, which AWS S3 drops and some
     * services (s3proxy) keep.
     */
    private static String contentEncoding(String header) {
        if (header == null) {
            return null;
        }
        String own = String.join(",", Arrays.stream(header.split(",")).map(String::strip)
                .filter(e -> !e.equalsIgnoreCase("aws-chunked")).toList());
        return own.isEmpty() ? null : own;
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static ExtendedAttribute attribute(String name, String value) {
        return new ExtendedAttribute(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
