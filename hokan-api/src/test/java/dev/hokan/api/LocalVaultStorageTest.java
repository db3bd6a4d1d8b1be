package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.S3Settings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupException;

/** Vaults kept on local disk outside the data directory ({@code --storage DIR}): used, and guarded like it. */
class LocalVaultStorageTest {
    @TempDir
    Path dir;

    @Test
    void vaultsLiveAtTheStorageLocationWhichNoAccountMayBackUpOrRestoreInto() throws Exception {
        Path storage = dir.resolve("vault-storage");
        Path data = dir.resolve("data");
        VaultLocations locations = VaultLocations.of(StorageBackends.standard(S3Settings.fromEnvironment(null, null,
                Map.of())), storage.toString(), null);
        try (TestServer hokan = TestServer.start(data, locations)) {
            hokan.backup.createBackupVault(r -> r.backupVaultName("elsewhere"));
            Path web = Trees.sample(dir.resolve("web"), 91);
            String point = S3VaultsTest.backupNow(hokan.backup, "elsewhere", hokan.registerDirectory("web", web, "{}"),
                    null);
            assertThat(ColdStorageTest.bytesUnder(storage.resolve("vaults/elsewhere/data"))).isPositive();
            assertThat(data.resolve("vaults/elsewhere")).doesNotExist();

            HttpResponse<String> refused = hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":"
                    + "\"Directory\",\"ResourceName\":\"loot\",\"Path\":\"" + storage.resolve("vaults") + "\"}");
            assertThat(refused.statusCode()).isNotEqualTo(200);
            assertThat(refused.body()).contains("is inside the deployment's vault storage");
            assertThatThrownBy(() -> hokan.backup.startRestoreJob(r -> r.recoveryPointArn(point)
                    .metadata(Map.of("TargetPath", storage.resolve("vaults/overwritten").toString()))))
                    .isInstanceOf(BackupException.class).hasMessageContaining("the deployment's vault storage");
        }
    }
}
