package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceKinds;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Resource kinds as the API shows them: what the registry lists, and registration handed to the named kind. */
class ResourceKindsTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theRegistryIsWhatTheServerSupports() {
        List<String> registered = ResourceKinds.all().stream().map(ResourceKind::wireName).toList();
        assertThat(backup.getSupportedResourceTypes(r -> r.build()).resourceTypes())
                .containsExactlyElementsOf(registered);
        assertThat(backup.describeRegionSettings(r -> r.build()).resourceTypeOptInPreference().keySet())
                .containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void anUnknownOrMissingResourceTypeIsRefusedTheAwsWay() {
        HttpResponse<String> unknown = hokan.signed("POST", "/hokan/v1/resources",
                "{\"ResourceType\":\"EBS\",\"ResourceName\":\"vol\",\"VolumeId\":\"vol-1\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidParameterValueException");
        assertThat(unknown.body()).contains("ResourceType EBS is not supported; supported: "
                + ResourceKinds.supported());
        HttpResponse<String> missing = hokan.signed("POST", "/hokan/v1/resources",
                "{\"ResourceName\":\"web\",\"Path\":\"/srv/web\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingParameterValueException");
        assertThat(missing.body()).contains("ResourceType");
        assertThat(hokan.signed("GET", "/hokan/v1/resources", null).body()).doesNotContain("vol").doesNotContain("web");
    }

    @Test
    void aDirectoryIsListedWithItsSettingsAndRestoredThroughItsKind() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("a.txt"), "a");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        String arn = hokan.registerDirectory("linked", link, "{}");

        JsonNode listed = JSON.readTree(hokan.signed("GET", "/hokan/v1/resources", null).body()).get("Resources");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("ResourceArn").stringValue()).isEqualTo(arn);
        assertThat(listed.get(0).get("ResourceType").stringValue()).isEqualTo("Directory");
        assertThat(listed.get(0).get("Path").stringValue()).isEqualTo(real.toRealPath().toString());

        String pointArn = BackupRestoreTest.backupNow("Default", arn, Lifecycle.builder().build());
        var metadata = backup.getRecoveryPointRestoreMetadata(r -> r.backupVaultName("Default")
                .recoveryPointArn(pointArn));
        assertThat(metadata.resourceType()).isEqualTo("Directory");
        assertThat(metadata.restoreMetadata()).containsEntry("TargetPath", real.toRealPath().toString());
    }
}
