package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;

class SettingsApiTest extends ServerTestBase {
    @Test
    void supportedTypesAndRegionSettings() {
        assertThat(backup.getSupportedResourceTypes(r -> r.build()).resourceTypes()).containsExactly("Directory", "PostgreSQL", "S3");
        assertThat(backup.describeRegionSettings(r -> r.build()).resourceTypeOptInPreference())
                .isEqualTo(Map.of("Directory", true, "PostgreSQL", true, "S3", true));
        backup.updateRegionSettings(r -> r.resourceTypeOptInPreference(Map.of("Directory", false)));
        assertThat(backup.describeRegionSettings(r -> r.build()).resourceTypeOptInPreference())
                .isEqualTo(Map.of("Directory", false, "PostgreSQL", true, "S3", true));
        assertThatThrownBy(() -> backup.updateRegionSettings(r -> r.resourceTypeOptInPreference(Map.of("EBS", true))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("EBS");
        backup.updateRegionSettings(r -> r.resourceTypeOptInPreference(Map.of("Directory", true)));
        assertThat(backup.describeRegionSettings(r -> r.build()).resourceTypeOptInPreference())
                .isEqualTo(Map.of("Directory", true, "PostgreSQL", true, "S3", true));
    }

    @Test
    void aSingleAccountInstallReportsEveryGlobalFlagOff() {
        assertThat(backup.describeGlobalSettings(r -> r.build()).globalSettings())
                .containsEntry("isCrossAccountBackupEnabled", "false")
                .containsEntry("isMpaEnabled", "false");
    }
}
