package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.AlreadyExistsException;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.CreateBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.ListBackupVaultsResponse;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import tools.jackson.databind.JsonNode;

class VaultApiTest extends ServerTestBase {
    @Test
    void createDescribeDelete() {
        CreateBackupVaultResponse created = backup.createBackupVault(r -> r.backupVaultName("life-cycle")
                .backupVaultTags(Map.of("team", "web")));
        assertThat(created.backupVaultArn()).isEqualTo("arn:aws:backup:us-east-1:000000000000:backup-vault:life-cycle");
        assertThat(created.creationDate()).isNotNull();

        DescribeBackupVaultResponse d = backup.describeBackupVault(r -> r.backupVaultName("life-cycle"));
        assertThat(d.numberOfRecoveryPoints()).isZero();
        assertThat(d.vaultTypeAsString()).isEqualTo("BACKUP_VAULT");
        assertThat(d.encryptionKeyArn()).isEqualTo("arn:aws:hokan:us-east-1:000000000000:key/master");
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(backup.listTags(r -> r.resourceArn(created.backupVaultArn())).tags()).containsEntry("team", "web");

        backup.deleteBackupVault(r -> r.backupVaultName("life-cycle"));
        assertThatThrownBy(() -> backup.describeBackupVault(r -> r.backupVaultName("life-cycle")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Backup vault life-cycle does not exist")
                .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void aRetriedCreateWithTheSameCreatorRequestIdSucceedsAnyOtherIsRefused() {
        backup.createBackupVault(r -> r.backupVaultName("twice").creatorRequestId("req-1"));
        assertThat(backup.createBackupVault(r -> r.backupVaultName("twice").creatorRequestId("req-1")).backupVaultName())
                .isEqualTo("twice");
        assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName("twice").creatorRequestId("req-2")))
                .isInstanceOf(AlreadyExistsException.class)
                .satisfies(e -> {
                    AlreadyExistsException a = (AlreadyExistsException) e;
                    assertThat(a.arn()).isEqualTo("arn:aws:backup:us-east-1:000000000000:backup-vault:twice");
                    assertThat(a.creatorRequestId()).isEqualTo("req-1");
                });
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : List.of("x", "has space", "a".repeat(51), "semi;colon")) {
            assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName(bad)))
                    .as(bad).isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("is not valid");
        }
        assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName("bad-request-id")
                .creatorRequestId("has space")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("CreatorRequestId");
        assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName("foreign-key")
                .encryptionKeyArn("arn:aws:kms:us-east-1:000000000000:key/abc")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("cannot encrypt a vault");
        assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName("reserved-tag")
                .backupVaultTags(Map.of("aws:owner", "x"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("reserved prefix");
    }

    @Test
    void listingPagesThroughEveryVaultOnce() {
        for (int i = 0; i < 7; i++) {
            String name = "page-" + i;
            backup.createBackupVault(r -> r.backupVaultName(name));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListBackupVaultsResponse page = backup.listBackupVaults(r -> r.maxResults(3).nextToken(t));
            assertThat(page.backupVaultList()).hasSizeLessThanOrEqualTo(3);
            page.backupVaultList().stream().map(BackupVaultListMember::backupVaultName).forEach(seen::add);
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).doesNotHaveDuplicates().contains("page-0", "page-6");
        assertThat(pages).isGreaterThanOrEqualTo(3);
        List<String> viaPaginator = backup.listBackupVaultsPaginator(r -> r.maxResults(2)).backupVaultList().stream()
                .map(BackupVaultListMember::backupVaultName).toList();
        assertThat(viaPaginator).containsExactlyInAnyOrderElementsOf(
                backup.listBackupVaults(r -> r.maxResults(1000)).backupVaultList().stream()
                        .map(BackupVaultListMember::backupVaultName).toList());
    }

    @Test
    void badPagingParametersAreRefused() {
        assertThatThrownBy(() -> backup.listBackupVaults(r -> r.maxResults(0)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> backup.listBackupVaults(r -> r.maxResults(1001)))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> backup.listBackupVaults(r -> r.nextToken("not-a-token")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("NextToken");
    }

    @Test
    void tagsCanBeAddedAndRemoved() {
        String arn = backup.createBackupVault(r -> r.backupVaultName("tagged")).backupVaultArn();
        backup.tagResource(r -> r.resourceArn(arn).tags(Map.of("a", "1", "b", "2")));
        backup.untagResource(r -> r.resourceArn(arn).tagKeyList("a"));
        assertThat(backup.listTags(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("b", "2"));
        assertThatThrownBy(() -> backup.listTags(r -> r.resourceArn(
                "arn:aws:backup:us-east-1:000000000000:backup-vault:missing")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> backup.tagResource(r -> r.resourceArn("arn:aws:ec2:us-east-1::image/ami-1")
                .tags(Map.of("a", "b"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("cannot be tagged");
        assertThatThrownBy(() -> backup.listTags(r -> r.resourceArn("not-an-arn")))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void aVaultsStorageShowsWhatDeduplicationAndCompressionSaved() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("stored"));
        JsonNode empty = TestIdentities.ok(hokan.signed("GET", "/hokan/v1/backup-vaults/stored/storage", null));
        assertThat(empty.get("NumberOfRecoveryPoints").longValue()).isZero();
        assertThat(empty.get("StoredBytes").longValue()).isZero();

        Path source = Files.createDirectories(dir.resolve("stored-source"));
        byte[] text = new byte[2 * 1024 * 1024];
        Random random = new Random(19);
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(4));
        }
        Files.write(source.resolve("one.txt"), text);
        Files.write(source.resolve("same.txt"), text);
        String arn = hokan.registerDirectory("stored-source", source, "{}");
        BackupRestoreTest.backupNow("stored", arn, null);
        BackupRestoreTest.backupNow("stored", arn, null);

        JsonNode stored = TestIdentities.ok(hokan.signed("GET", "/hokan/v1/backup-vaults/stored/storage", null));
        assertThat(stored.get("BackupVaultArn").stringValue())
                .isEqualTo("arn:aws:backup:us-east-1:000000000000:backup-vault:stored");
        assertThat(stored.get("NumberOfRecoveryPoints").longValue()).isEqualTo(2);
        assertThat(stored.get("BackupSizeInBytes").longValue()).isEqualTo(4L * text.length);
        long deduplicated = stored.get("DeduplicatedBytes").longValue();
        assertThat(deduplicated).as("four copies of the file kept once").isBetween((long) text.length,
                text.length + 64 * 1024L);
        assertThat(stored.get("StoredBytes").longValue()).as("two bits a byte compress").isPositive()
                .isLessThan(deduplicated * 6 / 10);

        HttpResponse<String> missing = hokan.signed("GET", "/hokan/v1/backup-vaults/no-such-vault/storage", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("ResourceNotFoundException").contains("Backup vault no-such-vault does not exist");
    }
}
