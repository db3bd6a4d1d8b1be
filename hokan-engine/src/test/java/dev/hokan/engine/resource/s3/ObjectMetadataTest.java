package dev.hokan.engine.resource.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.store.posix.ExtendedAttribute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.Tag;

class ObjectMetadataTest {
    @Test
    void theETagIsKeptAsAnAttributeAndNeverWrittenBack() {
        GetObjectResponse read = GetObjectResponse.builder().eTag("\"9e107d9d372bb6826bd81d3542a419d6\"")
                .contentType("text/plain").metadata(Map.of("owner", "ana")).build();
        List<ExtendedAttribute> attributes = ObjectMetadata.of(read, List.of(Tag.builder().key("env").value("prod")
                .build())).attributes();
        assertThat(attributes).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("user.s3.etag");
            assertThat(new String(a.value(), StandardCharsets.UTF_8)).isEqualTo("\"9e107d9d372bb6826bd81d3542a419d6\"");
        });

        PutObjectRequest put = ObjectMetadata.of(attributes).onto(PutObjectRequest.builder().bucket("b").key("k"))
                .build();
        assertThat(put.contentType()).isEqualTo("text/plain");
        assertThat(put.metadata()).isEqualTo(Map.of("owner", "ana"));
        assertThat(put.toString()).doesNotContain("9e107d9d372bb6826bd81d3542a419d6");
    }
}
