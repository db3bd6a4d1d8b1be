package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.storage.s3.testing.MotoServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.LegalHoldStatus;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server whose vaults live on a moto bucket with Object Lock enabled: a compliance-mode vault lock makes every object
 * its recovery points need carry S3 COMPLIANCE retention, extended when a newer point shares the data or a lifecycle
 * is lengthened, so that an S3 client holding the credentials cannot delete them; a legal hold puts S3 legal holds on
 * them and its release takes them off; garbage collection leaves what the storage still protects and says so; the
 * 3-2-1-1 control counts a point held there as its immutable copy.
 */
class S3ObjectLockTest {
    private static final String BUCKET = "locked";
    private static final String VAULT_PREFIX = "site/vaults/compliant/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WITHIN = " within the RPO of 1440 minutes";
    private static final Lifecycle KEPT_40_DAYS = Lifecycle.builder().deleteAfterDays(40L).build();
    private static MotoServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here: Object Lock is not tested");
        s3 = MotoServer.start(MotoServer.command().orElseThrow());
        s3.createObjectLockBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** A server whose vaults are below {@code prefix} of the bucket. */
    private TestServer server(String prefix) {
        return TestServer.start(dir.resolve("data"), S3VaultsTest.locations("s3://" + BUCKET + "/" + prefix,
                s3.endpoint()));
    }

    @Test
    void complianceRetentionAndLegalHoldsReachTheStorageAndGcWaitsForThem() throws Exception {
        try (TestServer hokan = server("site")) {
            BackupClient backup = hokan.backup;
            backup.createBackupVault(r -> r.backupVaultName("compliant"));
            backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("compliant").minRetentionDays(7L)
                    .maxRetentionDays(60L).changeableForDays(3L));
            JsonNode lockSet = events(hokan, "VaultLockSet").getLast();
            assertThat(lockSet.path("Details").path("StorageProtection").asString()).startsWith("S3 Object Lock");

            // a point stored in the lock's grace time is protected once the lock becomes compliance
            String resource = hokan.registerDirectory("web", Trees.sample(dir.resolve("web"), 5), "{}");
            String first = S3VaultsTest.backupNow(backup, "compliant", resource, Lifecycle.builder()
                    .deleteAfterDays(7L).build());
            Instant firstDeleteAt = deleteAt(backup, first);
            hokan.advanceClock(Duration.ofDays(3));
            List<String> firstObjects = objects();
            assertThat(firstObjects).anyMatch(k -> k.contains("/data/")).anyMatch(k -> k.contains("/index/"))
                    .anyMatch(k -> k.contains("/snapshots/")).contains(VAULT_PREFIX + "config",
                            VAULT_PREFIX + "keys/vault", VAULT_PREFIX + "hokan-vault");
            awaitAll(firstObjects, head -> head.objectLockMode() == ObjectLockMode.COMPLIANCE
                    && !head.objectLockRetainUntilDate().isBefore(firstDeleteAt));

            String pack = firstObjects.stream().filter(k -> k.contains("/data/")).findFirst().orElseThrow();
            try (S3Client client = s3.client()) {
                String version = client.headObject(r -> r.bucket(BUCKET).key(pack)).versionId();
                assertThatThrownBy(() -> client.deleteObject(r -> r.bucket(BUCKET).key(pack).versionId(version)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            }

            // an unchanged second backup needs the same packs: their retention follows the newer point
            String second = S3VaultsTest.backupNow(backup, "compliant", resource, Lifecycle.builder()
                    .deleteAfterDays(14L).build());
            Instant secondDeleteAt = deleteAt(backup, second);
            awaitAll(List.of(pack), head -> !head.objectLockRetainUntilDate().isBefore(secondDeleteAt));
            backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("compliant").recoveryPointArn(second)
                    .lifecycle(l -> l.deleteAfterDays(40L)));
            Instant lengthened = deleteAt(backup, second);
            awaitAll(List.of(pack), head -> !head.objectLockRetainUntilDate().isBefore(lengthened));

            String hold = backup.createLegalHold(r -> r.title("audit").description("keep the first point")
                    .recoveryPointSelection(s -> s.vaultNames("compliant").dateRange(d -> d
                            .fromDate(hokan.server.engine().clock().now().minus(Duration.ofDays(4)))
                            .toDate(hokan.server.engine().clock().now())))).legalHoldId();
            awaitAll(firstObjects, head -> head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    backup.getLegalHold(r -> r.legalHoldId(hold)).status() == LegalHoldStatus.ACTIVE);
            backup.cancelLegalHold(r -> r.legalHoldId(hold).cancelDescription("audit over"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    backup.getLegalHold(r -> r.legalHoldId(hold)).status() == LegalHoldStatus.CANCELED);
            awaitAll(objects(), head -> head.objectLockLegalHoldStatus() != ObjectLockLegalHoldStatus.ON);

            // a point with data of its own; the server's clock then runs ahead of S3's, so the first and this point
            // expire while S3 still retains their objects, and the collection leaves what nothing needs any more
            Path old = Files.createDirectories(dir.resolve("old"));
            byte[] random = new byte[1 << 20];
            new SplittableRandom(5).nextBytes(random);
            Files.write(old.resolve("old.bin"), random);
            List<String> before = objects();
            String own = S3VaultsTest.backupNow(backup, "compliant", hokan.registerDirectory("old", old, "{}"),
                    Lifecycle.builder().deleteAfterDays(7L).build());
            List<String> ownPacks = objects().stream().filter(k -> k.contains("/data/") && !before.contains(k))
                    .toList();
            assertThat(ownPacks).isNotEmpty();
            awaitAll(ownPacks, head -> head.objectLockMode() == ObjectLockMode.COMPLIANCE);

            hokan.advanceClock(Duration.ofDays(8));
            await().atMost(Duration.ofSeconds(60)).until(() -> events(hokan, "BackupDeleted").stream()
                    .filter(e -> List.of(first, own).contains(e.path("ResourceArn").asString())).count() == 2);
            JsonNode deleted = events(hokan, "BackupDeleted").stream()
                    .filter(e -> own.equals(e.path("ResourceArn").asString())).findFirst().orElseThrow();
            assertThat(deleted.path("Message").asString()).contains("kept by Object Lock", "retention ends by");
            assertThat(backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("compliant")).recoveryPoints())
                    .extracting(RecoveryPointByBackupVault::recoveryPointArn).containsExactly(second);
            assertThat(objects()).containsAll(ownPacks).contains(pack);
        }
    }

    /**
     * A vault deleted and created again under its name: the new vault's config, keys and marker are new versions of
     * objects of the same names, which the server retains anew although their retention ends in the same week as that
     * of the first vault's (what it remembered of the first vault's objects counts for nothing).
     */
    @Test
    void aVaultCreatedAgainUnderItsNameHasItsOwnObjectsRetained() throws Exception {
        String prefix = "again/vaults/reborn/";
        List<String> needed = List.of(prefix + "config", prefix + "keys/vault", prefix + "hokan-vault");
        long step = Duration.ofDays(7).toSeconds();
        Instant weekEnd = Instant.ofEpochSecond(Math.ceilDiv(Instant.now().plus(Duration.ofDays(10)).getEpochSecond(),
                step) * step);
        try (TestServer hokan = server("again")) {
            BackupClient backup = hokan.backup;
            HttpResponse<String> set = hokan.signed("POST", "/hokan/v1/clock", "{\"Now\":"
                    + weekEnd.minus(Duration.ofDays(9)).getEpochSecond() + "}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            String resource = hokan.registerDirectory("again", Trees.sample(dir.resolve("again"), 6), "{}");
            for (int vault = 1; vault <= 2; vault++) {
                backup.createBackupVault(r -> r.backupVaultName("reborn"));
                backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("reborn").minRetentionDays(1L)
                        .changeableForDays(3L));
                String point = S3VaultsTest.backupNow(backup, "reborn", resource, Lifecycle.builder()
                        .deleteAfterDays(4L).build());
                Instant deleteAt = backup.describeRecoveryPoint(r -> r.backupVaultName("reborn")
                        .recoveryPointArn(point)).calculatedLifecycle().deleteAt();
                hokan.advanceClock(Duration.ofDays(3).plusMinutes(1));
                awaitAll(needed, head -> head.objectLockMode() == ObjectLockMode.COMPLIANCE
                        && head.objectLockRetainUntilDate().equals(weekEnd) && deleteAt.isBefore(weekEnd));

                hokan.advanceClock(Duration.ofDays(1));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .untilAsserted(() -> backup.deleteBackupVault(r -> r.backupVaultName("reborn")));
            }
        }
    }

    @Test
    void anAirGappedVaultLiesUnderItsOwnPrefixAndTheBucketRetainsWhatACopyBroughtFromTheStart() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"), S3VaultsTest.locations("s3://" + BUCKET
                + "/gapsite", s3.endpoint()))) {
            BackupClient backup = hokan.backup;
            backup.createBackupVault(r -> r.backupVaultName("work"));
            backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap").minRetentionDays(7L)
                    .maxRetentionDays(30L));
            String resource = hokan.registerDirectory("ledger", Trees.sample(dir.resolve("ledger"), 3), "{}");
            String point = S3VaultsTest.backupNow(backup, "work", resource, Lifecycle.builder().deleteAfterDays(1L)
                    .build());
            String copyJob = backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("work")
                    .destinationBackupVaultArn(hokan.server.engine().account().vaultArn("gap"))
                    .iamRoleArn(TestServer.ROLE).lifecycle(l -> l.deleteAfterDays(20L))).copyJobId();
            var copied = CopyJobTest.awaitCopyOn(backup, copyJob);
            assertThat(copied.stateAsString()).as(copied.statusMessage()).isEqualTo("COMPLETED");
            Instant deleteAt = backup.describeRecoveryPoint(r -> r.backupVaultName("gap")
                    .recoveryPointArn(copied.destinationRecoveryPointArn())).calculatedLifecycle().deleteAt();

            // what the point needs: not the translations its copy left, which a later copy reads (copies/)
            List<String> apart = objects("gapsite/air-gapped/vaults/gap/").stream()
                    .filter(k -> !k.contains("/copies/")).toList();
            assertThat(apart).anyMatch(k -> k.contains("/data/")).contains("gapsite/air-gapped/vaults/gap/hokan-vault");
            assertThat(objects("gapsite/vaults/gap/")).isEmpty();
            awaitAll(apart, head -> head.objectLockMode() == ObjectLockMode.COMPLIANCE
                    && !head.objectLockRetainUntilDate().isBefore(deleteAt));
            String pack = apart.stream().filter(k -> k.contains("/data/")).findFirst().orElseThrow();
            try (S3Client client = s3.client()) {
                String version = client.headObject(r -> r.bucket(BUCKET).key(pack)).versionId();
                assertThatThrownBy(() -> client.deleteObject(r -> r.bucket(BUCKET).key(pack).versionId(version)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            }
        }
    }

    private static Instant deleteAt(BackupClient backup, String point) {
        return backup.describeRecoveryPoint(r -> r.backupVaultName("compliant").recoveryPointArn(point))
                .calculatedLifecycle().deleteAt();
    }

    /** The vault's objects that S3 lists now. */
    private static List<String> objects() {
        return objects(VAULT_PREFIX);
    }

    /** The objects below the prefix that S3 lists now, but the sessions, locks, GC decisions and notes. */
    private static List<String> objects(String prefix) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key).filter(k -> !k.contains("/sessions/") && !k.contains("/locks/")
                            && !k.contains("/gc/") && !k.contains("/notes/")).toList();
        }
    }

    /** Waits until every one of the objects satisfies the condition, as S3 reports it. */
    private static void awaitAll(List<String> keys, Predicate<HeadObjectResponse> condition) {
        try (S3Client client = s3.client()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(keys).allSatisfy(key -> assertThat(client.headObject(r -> r.bucket(BUCKET).key(key)))
                            .as(key).matches(condition)));
        }
    }

    private static List<JsonNode> events(TestServer hokan, String type) {
        var response = hokan.signed("GET", "/hokan/v1/events?type=" + type + "&maxResults=1000", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(response.body()).get("Events").forEach(events::add);
        return events;
    }

    /**
     * The HOKAN_3_2_1_1 control for a directory on the local file system whose vaults are on this bucket:
     * non-compliant until the resource has three copies within the RPO on two kinds of storage (the file system, S3),
     * one in another region and one immutable (a legal hold, which Object Lock enforces), and non-compliant again once
     * the RPO has passed since those copies were made.
     */
    @Test
    void threeCopiesOnTwoKindsOfStorageOneElsewhereAndOneImmutableWithinTheRpo() throws Exception {
        try (TestServer hokan = server("rule")) {
            BackupClient backup = hokan.backup;
            backup.createBackupVault(r -> r.backupVaultName("primary"));
            String resource = hokan.registerDirectory("ruled", Trees.sample(dir.resolve("ruled"), 4), "{}");
            backup.createFramework(r -> r.frameworkName("rule").frameworkControls(c -> c.controlName("HOKAN_3_2_1_1")
                    .controlScope(s -> s.complianceResourceIds(resource))));
            assertThat(evaluate(hokan, resource)).isEqualTo("NON_COMPLIANT: 1 of 3 copies" + WITHIN + " (the resource"
                    + " itself); 1 of 2 kinds of storage (file); no copy in another region" + WITHIN + "; no immutable"
                    + " copy" + WITHIN);

            String point = S3VaultsTest.backupNow(backup, "primary", resource, KEPT_40_DAYS);
            assertThat(evaluate(hokan, resource)).isEqualTo("NON_COMPLIANT: 2 of 3 copies" + WITHIN + " (the resource"
                    + " itself, vault primary); no copy in another region" + WITHIN + "; no immutable copy" + WITHIN);

            String west = "arn:aws:backup:us-west-2:000000000000:backup-vault:west";
            try (BackupClient westBackup = TestServer.client(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                    TestServer.SECRET_KEY, "us-west-2")) {
                westBackup.createBackupVault(r -> r.backupVaultName("west"));
            }
            String copy = backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("primary")
                    .destinationBackupVaultArn(west).iamRoleArn(TestServer.ROLE).lifecycle(KEPT_40_DAYS)).copyJobId();
            assertThat(CopyJobTest.awaitCopyOn(backup, copy).state()).isEqualTo(CopyJobState.COMPLETED);
            assertThat(evaluate(hokan, resource)).isEqualTo("NON_COMPLIANT: no immutable copy" + WITHIN);

            backup.createLegalHold(r -> r.title("ransomware").description("the 3-2-1-1 rule's immutable copy")
                    .recoveryPointSelection(s -> s.vaultNames("primary").dateRange(d -> d
                            .fromDate(hokan.server.engine().clock().now().minus(Duration.ofHours(1)))
                            .toDate(hokan.server.engine().clock().now()))));
            String pointId = point.substring(point.lastIndexOf(':') + 1);
            assertThat(evaluate(hokan, resource)).isEqualTo("COMPLIANT: 3 copies" + WITHIN + " (the resource itself,"
                    + " vault primary, " + west + ") on file, s3; in another region: " + west + "; immutable: recovery"
                    + " point " + pointId + " (legal hold under S3 Object Lock)");

            hokan.advanceClock(Duration.ofDays(1).plusMinutes(1));
            assertThat(evaluate(hokan, resource)).as("the copies' data is older than the RPO").isEqualTo(
                    "NON_COMPLIANT: 1 of 3 copies" + WITHIN + " (the resource itself); 1 of 2 kinds of storage (file);"
                            + " no copy in another region" + WITHIN + "; no immutable copy" + WITHIN);
        }
    }

    /** The HOKAN_3_2_1_1 control's verdict on the resource, evaluated now: status and reason. */
    private static String evaluate(TestServer hokan, String resource) {
        HttpResponse<String> r = hokan.signed("POST", "/hokan/v1/frameworks/rule/evaluate", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> verdicts = new ArrayList<>();
        JSON.readTree(r.body()).get("Evaluations").forEach(e -> {
            assertThat(e.get("ResourceArn").asString()).isEqualTo(resource);
            verdicts.add(e.get("ComplianceStatus").asString() + ": " + e.get("Reason").asString());
        });
        assertThat(verdicts).hasSize(1);
        return verdicts.getFirst();
    }
}
