package dev.hokan.api;

import static dev.hokan.api.EventsApiTest.events;
import static dev.hokan.api.EventsApiTest.get;
import static dev.hokan.api.EventsApiTest.hokanNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail: CloudTrail-like lookups by resource ARN, actor and event name, and the event chain, which
 * concurrent writers leave intact (GET /hokan/v1/events/verify; a tampered catalog is EventsCommandTest's).
 */
class AuditTrailTest extends ServerTestBase {
    @Test
    void whoDeletedThisRecoveryPointAndWhenIsOneLookup() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("looked-up"));
        String arn = hokan.registerDirectory("looked-up", Trees.sample(dir.resolve("looked-up"), 2), "{}");
        String point = BackupRestoreTest.backupNow("looked-up", arn, null);
        Credentials deleter = hokan.homeUser("deleter", "backup:DeleteRecoveryPoint");
        String deleterArn = "arn:aws:iam::000000000000:user/deleter";
        long before = hokanNow();
        try (var asDeleter = TestServer.client(hokan.server.endpoint(), deleter.accessKeyId(),
                deleter.secretAccessKey(), "us-east-1")) {
            asDeleter.deleteRecoveryPoint(r -> r.backupVaultName("looked-up").recoveryPointArn(point));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !events("resourceArn=" + encode(point)
                + "&type=BackupDeleted").isEmpty());

        List<JsonNode> ofPoint = events("resourceArn=" + encode(point));
        assertThat(ofPoint).extracting(e -> e.path("EventType").asString() + " by " + e.path("Actor").asString())
                .containsExactly("RecoveryPointCreated by hokan.service", "RecoveryPointDeleting by " + deleterArn,
                        "BackupDeleted by hokan.service");
        List<JsonNode> asked = events("resourceArn=" + encode(point) + "&type=RecoveryPointDeleting");
        assertThat(asked).singleElement().satisfies(e -> {
            assertThat(e.path("Actor").asString()).isEqualTo(deleterArn);
            assertThat(e.path("EventTime").asLong()).isBetween(before - 1, hokanNow() + 1);
        });
        assertThat(events("actor=" + encode(deleterArn))).extracting(e -> e.path("EventType").asString())
                .containsExactly("RecoveryPointDeleting");
        assertThat(events("actor=" + encode(deleterArn) + "&type=BackupDeleted")).isEmpty();
    }

    @Test
    void concurrentChangesKeepTheChainIntact() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("chained"));
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            resources.add(hokan.registerDirectory("chained-" + i, Trees.sample(dir.resolve("chained-" + i), 1), "{}"));
        }
        List<Thread> writers = new ArrayList<>();
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            String resource = resources.get(i % 3);
            writers.add(Thread.ofPlatform().start(() -> jobs.add(backup.startBackupJob(r -> r
                    .backupVaultName("chained").resourceArn(resource).iamRoleArn(TestServer.ROLE)).backupJobId())));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertThat(jobs).hasSize(6);
        for (String job : jobs) {
            BackupRestoreTest.awaitBackupOn(backup, job);
        }
        JsonNode chain = get("/hokan/v1/events/verify");
        assertThat(chain.path("Intact").asBoolean()).as(chain.toString()).isTrue();
        assertThat(chain.path("Breaks").size()).isZero();
        List<JsonNode> all = events("maxResults=1000");
        assertThat(chain.path("EventsChecked").asLong()).isEqualTo(all.size());
        assertThat(chain.path("LastEventId").asString()).isIn(all.stream().map(e -> e.path("EventId").asString())
                .toList());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
