package dev.hokan.engine.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.storage.s3.S3Settings;
import dev.hokan.store.blob.StorageProviders;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultLocationsTest {
    private final StorageProviders backends = StorageBackends.standard(S3Settings.fromEnvironment(null, null, Map.of()));

    @Test
    void byDefaultTheTiersLieInTheDataDirectoryAsTheyAlwaysDid() {
        Path data = Path.of("/srv/hokan-data");
        VaultLocations home = VaultLocations.under(data, backends);
        assertThat(home.warmTier()).isEqualTo(URI.create("file:/srv/hokan-data/vaults/"));
        assertThat(home.coldTier()).isEqualTo(URI.create("file:/srv/hokan-data/vaults-cold/"));
        VaultLocations cell = home.below("accounts/111122223333/eu-west-1/");
        assertThat(cell.warmTier()).isEqualTo(URI.create("file:/srv/hokan-data/accounts/111122223333/eu-west-1/vaults/"));
    }

    @Test
    void s3LocationsAndAColdTierApart() {
        VaultLocations home = VaultLocations.of(backends, "s3://backups/hokan", "s3://archive");
        assertThat(home.warmTier()).isEqualTo(URI.create("s3://backups/hokan/vaults/"));
        assertThat(home.coldTier()).isEqualTo(URI.create("s3://archive/vaults-cold/"));
        VaultLocations cell = home.below("accounts/111122223333/eu-west-1/");
        assertThat(cell.warmTier()).isEqualTo(URI.create("s3://backups/hokan/accounts/111122223333/eu-west-1/vaults/"));
        assertThat(cell.coldTier()).isEqualTo(URI.create("s3://archive/accounts/111122223333/eu-west-1/vaults-cold/"));
    }

    @Test
    void everyBackendIsKnownAndS3NeedsCredentials() {
        assertThatThrownBy(() -> backends.open(URI.create("ftp://host/vaults/")))
                .hasMessage("no storage backend for ftp://host/vaults/: the known schemes are file, s3");
        assertThatThrownBy(() -> backends.open(URI.create("s3://backups/vaults/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no S3 credentials: set HOKAN_S3_ACCESS_KEY_ID and HOKAN_S3_SECRET_ACCESS_KEY");
    }
}
