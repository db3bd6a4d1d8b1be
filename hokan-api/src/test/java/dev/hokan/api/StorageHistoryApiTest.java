package dev.hokan.api;

import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The recorded history of what a vault's storage holds, day by day on the manual clock. */
class StorageHistoryApiTest extends ServerTestBase {
    private static final String HISTORY = "/hokan/v1/backup-vaults/history/storage/history";

    @Test
    void backupsDeletionsAndExpiryChangeTheRecordedHistory() throws Exception {
        Instant start = clockNow();
        LocalDate day0 = LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(1);
        hokan.setClock(day0.atTime(0, 30).toInstant(ZoneOffset.UTC));
        backup.createBackupVault(r -> r.backupVaultName("history"));
        hokan.advanceClock(Duration.ofSeconds(1));
        assertThat(days(1)).singleElement().satisfies(d -> {
            assertThat(d.get("Date").stringValue()).isEqualTo(day0.toString());
            assertThat(d.get("NumberOfRecoveryPoints").longValue()).isZero();
            assertThat(d.get("StoredBytes").longValue()).isZero();
        });

        String kept = BackupRestoreTest.backupNow("history", hokan.registerDirectory("kept",
                Trees.sample(dir.resolve("kept"), 31), "{}"), Lifecycle.builder().deleteAfterDays(2L).build());
        hokan.advanceClock(Duration.ofMinutes(1));
        assertThat(days(1).getFirst().get("NumberOfRecoveryPoints").longValue())
                .as("a change within the hour of the last sample waits for the hour's end").isZero();
        hokan.advanceClock(Duration.ofHours(1));
        JsonNode afterFirst = days(1).getFirst();
        assertThat(afterFirst.get("NumberOfRecoveryPoints").longValue()).isEqualTo(1);
        assertSameAsStorage(afterFirst);

        String second = BackupRestoreTest.backupNow("history", hokan.registerDirectory("second",
                Trees.sample(dir.resolve("second"), 32), "{}"), null);
        hokan.advanceClock(Duration.ofDays(1));
        JsonNode day1 = days(1).getFirst();
        assertThat(day1.get("Date").stringValue()).isEqualTo(day0.plusDays(1).toString());
        assertThat(day1.get("NumberOfRecoveryPoints").longValue()).isEqualTo(2);
        assertThat(day1.get("StoredBytes").longValue()).isGreaterThan(afterFirst.get("StoredBytes").longValue());
        assertSameAsStorage(day1);

        backup.deleteRecoveryPoint(r -> r.backupVaultName("history").recoveryPointArn(second));
        awaitPoints(1);
        hokan.advanceClock(Duration.ofDays(2));
        awaitPoints(0);
        assertThat(backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("history")).recoveryPoints())
                .as("%s expired", kept).isEmpty();
        hokan.advanceClock(Duration.ofHours(1));

        List<JsonNode> history = days(5);
        assertThat(history).extracting(d -> d.get("Date").stringValue()).as("no day before the first sample")
                .containsExactly(day0.toString(), day0.plusDays(1).toString(), day0.plusDays(2).toString(),
                        day0.plusDays(3).toString());
        assertThat(history.get(0)).isEqualTo(afterFirst);
        assertThat(history.get(1)).isEqualTo(day1);
        assertThat(withoutDate(history.get(2))).as("a day without a sample keeps the one before it")
                .isEqualTo(withoutDate(day1));
        JsonNode emptied = history.get(3);
        assertThat(emptied.get("NumberOfRecoveryPoints").longValue()).isZero();
        assertThat(emptied.get("BackupSizeInBytes").longValue()).isZero();
        assertThat(emptied.get("StoredBytes").longValue()).as("garbage collection freed what the points held")
                .isLessThan(afterFirst.get("StoredBytes").longValue());
        assertSameAsStorage(emptied);
        assertThat(days(30)).isEqualTo(history);
    }

    @Test
    void badRequestsAndCallersWithoutTheActionAreRefused() {
        backup.createBackupVault(r -> r.backupVaultName("guarded-history"));
        String path = "/hokan/v1/backup-vaults/guarded-history/storage/history";
        for (String days : List.of("0", "367", "x")) {
            HttpResponse<String> bad = hokan.signed("GET", path + "?Days=" + days, null);
            assertThat(bad.statusCode()).as(days).isEqualTo(400);
            assertThat(bad.body()).contains("InvalidParameterValueException").contains("Days");
        }
        HttpResponse<String> missing = hokan.signed("GET", "/hokan/v1/backup-vaults/no-such-vault/storage/history",
                null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("ResourceNotFoundException").contains("Backup vault no-such-vault does not exist");

        Credentials onlyNow = hokan.homeUser("storage-now", "hokan:GetBackupVaultStorage");
        HttpResponse<String> refused = hokan.signedAs(onlyNow.accessKeyId(), onlyNow.secretAccessKey(), "us-east-1",
                "GET", path, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("hokan:GetBackupVaultStorageHistory");
        Credentials reader = hokan.homeUser("storage-history", "hokan:GetBackupVaultStorageHistory");
        ok(hokan.signedAs(reader.accessKeyId(), reader.secretAccessKey(), "us-east-1", "GET", path, null));
    }

    private static Instant clockNow() {
        BigDecimal seconds = ok(hokan.signed("GET", "/hokan/v1/clock", null)).get("Now").decimalValue();
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }

    private static List<JsonNode> days(int days) {
        List<JsonNode> list = new ArrayList<>();
        ok(hokan.signed("GET", HISTORY + "?Days=" + days, null)).get("Days").forEach(list::add);
        return list;
    }

    private static JsonNode withoutDate(JsonNode day) {
        ObjectNode copy = (ObjectNode) day.deepCopy();
        copy.remove("Date");
        return copy;
    }

    /** The sample holds what the storage route reports now. */
    private static void assertSameAsStorage(JsonNode sample) {
        JsonNode now = ok(hokan.signed("GET", "/hokan/v1/backup-vaults/history/storage", null));
        for (String field : List.of("NumberOfRecoveryPoints", "BackupSizeInBytes", "DeduplicatedBytes", "StoredBytes")) {
            assertThat(sample.get(field).longValue()).as(field).isEqualTo(now.get(field).longValue());
        }
    }

    private static void awaitPoints(long count) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                backup.describeBackupVault(r -> r.backupVaultName("history")).numberOfRecoveryPoints() == count);
    }
}
