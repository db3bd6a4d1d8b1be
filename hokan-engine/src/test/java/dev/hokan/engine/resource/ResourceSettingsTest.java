package dev.hokan.engine.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceSettingsTest {
    @Test
    void settingsComeBackFromTheirJsonAsTheyWereMade() {
        ResourceSettings made = new ResourceSettings(Map.of("Host", "127.0.0.1", "Port", 5432L, "Tls", true));
        ResourceSettings read = ResourceSettings.parse(made.json());
        assertThat(read).isEqualTo(made);
        assertThat(read.string("Host")).isEqualTo("127.0.0.1");
        assertThat(ResourceSettings.parse("{\"Port\":5432}").members()).containsEntry("Port", 5432L);
    }

    @Test
    void onlyScalarsAreSettings() {
        assertThatThrownBy(() -> ResourceSettings.parse("{\"Paths\":[\"/a\"]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Paths");
        assertThatThrownBy(() -> new ResourceSettings(Map.of("Ratio", 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ratio");
        assertThatThrownBy(() -> ResourceSettings.of("Port", 5432L).string("Port"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Port");
    }
}
